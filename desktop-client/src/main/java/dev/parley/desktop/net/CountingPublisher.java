package dev.parley.desktop.net;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * A request body that tells how much of it went out: wraps another publisher (a file's) and counts the buffers it
 * hands to the HTTP client. Progress is reported on the client's thread.
 */
final class CountingPublisher implements HttpRequest.BodyPublisher {

    private final HttpRequest.BodyPublisher body;
    private final LongConsumer sent;

    CountingPublisher(HttpRequest.BodyPublisher body, LongConsumer sent) {
        this.body = body;
        this.sent = sent;
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Flow.Subscriber<>() {
            private long total;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                total += item.remaining();
                subscriber.onNext(item);
                sent.accept(total);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
