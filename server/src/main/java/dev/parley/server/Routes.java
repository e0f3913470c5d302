package dev.parley.server;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API's routes as they were registered, (method, path template) pairs: Helidon's routing has no public listing,
 * so {@link #recording} hands out rules that note each route while registering it on the real routing. The API
 * document's test compares this list with the document. Only routes given by method and path can be noted: a bare
 * {@link HttpRoute} or a path matcher is refused at start-up, so that no route escapes the list.
 */
public final class Routes {

    /** One registered route; {@code method} is {@code ANY} for a route of every method. */
    public record Route(String method, String path) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** The routes noted so far, in registration order. */
    public List<Route> list() {
        return List.copyOf(routes);
    }

    /** Rules that register on {@code rules} and note every route they are given. */
    public HttpRules recording(HttpRules rules) {
        return new Recording(rules, "");
    }

    private void add(String method, String prefix, String path) {
        routes.add(new Route(method, join(prefix, path)));
    }

    private static String join(String prefix, String path) {
        if (path.isEmpty()) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        return prefix.endsWith("/") ? prefix + path.substring(path.startsWith("/") ? 1 : 0) : prefix + path;
    }

    /** Delegating rules under a path prefix (the path a service was registered at). */
    private final class Recording implements HttpRules {

        private final HttpRules delegate;
        private final String prefix;

        Recording(HttpRules delegate, String prefix) {
            this.delegate = delegate;
            this.prefix = prefix;
        }

        @Override
        public HttpRules register(HttpService... services) {
            delegate.register(wrap(prefix, services));
            return this;
        }

        @Override
        public HttpRules register(String path, HttpService... services) {
            delegate.register(path, wrap(join(prefix, path), services));
            return this;
        }

        /** Each service routes through rules that note its routes under {@code at}. */
        private HttpService[] wrap(String at, HttpService... services) {
            return Arrays.stream(services)
                    .map(service -> (HttpService) rules -> service.routing(new Recording(rules, at)))
                    .toArray(HttpService[]::new);
        }

        @Override
        public HttpRules route(HttpRoute route) {
            throw new UnsupportedOperationException("register routes by method and path (get, post, ...): "
                    + "a bare HttpRoute cannot be listed, and every route must be in the API document");
        }

        @Override
        public HttpRules route(Method method, String path, Handler handler) {
            add(method.text(), prefix, path);
            delegate.route(method, path, handler);
            return this;
        }

        @Override
        public HttpRules route(Method method, Handler handler) {
            add(method.text(), prefix, "");
            delegate.route(method, handler);
            return this;
        }

        @Override
        public HttpRules route(Method method, String path, Consumer<ServerRequest> handler) {
            add(method.text(), prefix, path);
            delegate.route(method, path, handler);
            return this;
        }

        @Override
        public HttpRules route(Method method, String path, Function<ServerRequest, ?> handler) {
            add(method.text(), prefix, path);
            delegate.route(method, path, handler);
            return this;
        }

        @Override
        public HttpRules route(Method method, String path, Supplier<?> handler) {
            add(method.text(), prefix, path);
            delegate.route(method, path, handler);
            return this;
        }

        @Override
        public HttpRules any(String path, Handler... handlers) {
            add("ANY", prefix, path);
            delegate.any(path, handlers);
            return this;
        }

        @Override
        public HttpRules any(Handler... handlers) {
            add("ANY", prefix, "");
            delegate.any(handlers);
            return this;
        }
    }
}
