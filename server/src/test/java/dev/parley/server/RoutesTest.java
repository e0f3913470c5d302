package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route recorder notes what services register, under the paths they are registered at. */
class RoutesTest {

    private static final Handler OK = (req, res) -> res.send("ok");

    @Test
    void routesAreNotedUnderTheirServicesPaths() {
        Routes routes = new Routes();
        HttpService rooms = rules -> rules.get("/", OK).get("/{room_uuid}", OK).route(Method.PATCH, "/{room_uuid}/", OK);
        HttpService nested = rules -> rules.register("/inner", inner -> inner.post("/x", OK));

        HttpRouting.Builder routing = HttpRouting.builder();
        routes.recording(routing)
                .register("/api/rooms", rooms)
                .register("/api", nested)
                .register("/ws", rules -> rules.any(OK))
                .register(rules -> rules.get("/openapi", OK));
        routing.build();

        assertThat(routes.list()).containsExactly(
                new Routes.Route("GET", "/api/rooms/"),
                new Routes.Route("GET", "/api/rooms/{room_uuid}"),
                new Routes.Route("PATCH", "/api/rooms/{room_uuid}/"),
                new Routes.Route("POST", "/api/inner/x"),
                new Routes.Route("ANY", "/ws"),
                new Routes.Route("GET", "/openapi"));
    }

    @Test
    void aRouteThatCannotBeListedIsRefused() {
        Routes routes = new Routes();
        HttpService bare = rules -> rules.route(HttpRoute.builder().methods(Method.GET).path("/x").handler(OK).build());

        HttpRouting.Builder routing = HttpRouting.builder();
        routes.recording(routing).register("/api", bare);

        assertThrows(UnsupportedOperationException.class, routing::build);
        assertThat(routes.list()).isEqualTo(List.of());
    }
}
