package dev.parley.server;

import dev.parley.server.auth.AuthResource;
import dev.parley.server.auth.AuthService;
import dev.parley.server.auth.Authenticator;
import dev.parley.server.auth.LoginThrottle;
import dev.parley.server.auth.SessionRepository;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.db.Database;
import dev.parley.server.message.MessageResource;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.SendRateLimiter;
import dev.parley.server.realtime.ChatSocket;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.HandshakeRefusal;
import dev.parley.server.room.ReceiptService;
import dev.parley.server.room.RoomRepository;
import dev.parley.server.room.RoomResource;
import dev.parley.server.room.RoomService;
import dev.parley.server.user.PresenceService;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.UserResource;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.health.DbClientHealthCheck;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Duration;

/** Starts Parley: the database, the services, the routes. Wiring only. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        Parley parley = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        System.out.println("Parley is running at http://localhost:" + parley.server().port() + "/");
    }

    /** Starts a complete Parley server from configuration (tests start theirs the same way). */
    public static Parley start(Config config) {
        Database database = Database.start(config.get("parley"), config.get("db"));
        try {
            WebServerConfig.Builder builder = WebServer.builder().config(config.get("server"))
                    // Parley.close() stops things in order (goodbye to clients first); Helidon's own hook would race it.
                    .shutdownHook(false)
                    // Frames are read whole into memory: refuse anything far beyond the 64 KiB the protocol allows
                    // (1009, message too big); frames up to this size get a too_large error frame instead.
                    .addProtocol(WsConfig.builder().maxFrameLength(256 * 1024).build());
            ConnectionHub hub = setup(builder, config, database.dbClient());
            WebServer server = builder.build().start();
            return new Parley(server, hub, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Wires every service and route onto the server builder and returns the connection hub. */
    public static ConnectionHub setup(WebServerConfig.Builder server, Config config, DbClient db) {
        Config parley = config.get("parley");
        ConnectionHub hub = new ConnectionHub(parley.get("ws.outbound-queue").asInt().orElse(1024),
                Duration.ofSeconds(parley.get("ws.ping-interval-seconds").asInt().orElse(25)));

        UserRepository users = new UserRepository(db);
        RoomRepository roomRepository = new RoomRepository(db);
        int sessionDays = parley.get("session-days").asInt().orElse(30);
        AuthService auth = new AuthService(users, new SessionRepository(db), new LoginThrottle(
                parley.get("limits.failed-logins-per-user").asInt().orElse(10),
                parley.get("limits.failed-logins-per-address").asInt().orElse(50)), hub, sessionDays);
        Authenticator authenticator = new Authenticator(auth);
        RoomService rooms = new RoomService(roomRepository, users, hub);
        ReceiptService receipts = new ReceiptService(roomRepository, rooms, hub);
        MessageService messages = new MessageService(db, rooms, hub,
                new SendRateLimiter(parley.get("limits.send-burst").asInt().orElse(20),
                        parley.get("limits.send-per-second").asInt().orElse(10)),
                parley.get("ws.sync-cap").asInt().orElse(500));
        hub.presenceListener(new PresenceService(users, hub));
        hub.deliveryListener(receipts);
        ChatSocket.Services socketServices = new ChatSocket.Services(authenticator, hub, rooms, messages, receipts);

        HttpRouting.Builder routing = HttpRouting.builder()
                .register("/api/auth", new AuthResource(auth, Duration.ofDays(sessionDays)))
                .register("/api", new UserResource(authenticator, users, hub))
                .register("/api/rooms", new RoomResource(authenticator, rooms))
                .register("/api/messages", new MessageResource(authenticator, messages))
                .register("/ws", new HandshakeRefusal(authenticator)); // a /ws request that did not upgrade
        ErrorMapping.register(routing);

        server.addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .addCheck(DbClientHealthCheck.builder(db)
                                        .name("database").query().statementName("ping")
                                        .timeout(Duration.ofSeconds(2)).build())
                                .details(true)
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(routing)
                .addRouting(WsRouting.builder().endpoint("/ws", () -> new ChatSocket(socketServices)));
        return hub;
    }
}
