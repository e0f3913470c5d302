package dev.parley.server;

import dev.parley.server.attachment.AttachmentCleanup;
import dev.parley.server.attachment.AttachmentResource;
import dev.parley.server.attachment.AttachmentService;
import dev.parley.server.auth.AuthResource;
import dev.parley.server.blob.BlobStores;
import dev.parley.server.auth.AuthService;
import dev.parley.server.common.Authenticator;
import dev.parley.server.auth.LoginThrottle;
import dev.parley.server.auth.PasswordWork;
import dev.parley.server.auth.RegistrationLimit;
import dev.parley.server.auth.SessionRepository;
import dev.parley.server.auth.SessionResource;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.ClusterEvents;
import dev.parley.server.user.NodeRegistry;
import dev.parley.server.common.Admission;
import dev.parley.server.common.ApiDocs;
import dev.parley.server.common.BrowserPolicy;
import dev.parley.server.common.ClientAddress;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.LimitsResource;
import dev.parley.server.common.Loops;
import dev.parley.server.common.ObserveAccess;
import dev.parley.server.common.WebClient;
import dev.parley.server.db.Database;
import dev.parley.protocol.LimitsView;
import dev.parley.server.message.MessageResource;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.SendRateLimiter;
import dev.parley.server.ws.ChatSocket;
import dev.parley.server.ws.FrameBudget;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.ws.HandshakeRefusal;
import dev.parley.server.group.GroupResource;
import dev.parley.server.group.GroupService;
import dev.parley.server.room.ReceiptService;
import dev.parley.server.search.SearchIndexer;
import dev.parley.server.search.SearchResource;
import dev.parley.server.search.SearchService;
import dev.parley.server.room.RecentSenders;
import dev.parley.server.room.RoomRepository;
import dev.parley.server.room.RoomResource;
import dev.parley.server.room.NewChatLimit;
import dev.parley.server.room.RoomService;
import dev.parley.server.room.RoomSettingsService;
import dev.parley.server.user.BlockResource;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.PresenceRepository;
import dev.parley.server.user.PresenceService;
import dev.parley.server.user.PrivacyService;
import dev.parley.server.user.ProfileService;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.UserResource;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
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
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Starts Parley: the database, the services, the routes. Wiring only. */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    /**
     * A handshake's turn lasts until its first frame has been handled (see ChatSocket): one still held after this long
     * belongs to a client that went silent or a socket that vanished, and is taken back.
     */
    private static final Duration HANDSHAKE_MAX_HOLD = Duration.ofSeconds(15);
    /** A sync read's turn is closed when the read ends; this only guards against a leak. */
    private static final Duration SYNC_READ_MAX_HOLD = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        Parley parley = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        System.out.println("Parley is running at http://localhost:" + parley.server().port() + "/");
    }

    /**
     * The configuration of an embedded node: these settings over {@code application.yaml}, ignoring the environment
     * (tests, tools and other modules start nodes this way).
     */
    public static Config config(Map<String, String> settings) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(settings))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** Starts a complete Parley node from configuration (tests start theirs the same way). */
    public static Parley start(Config config) {
        Database database = Database.start(config.get("parley"), config.get("db"));
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            WebServerConfig.Builder builder = WebServer.builder().config(config.get("server"))
                    // Parley.close() stops things in order (goodbye to clients first); Helidon's own hook would race it.
                    .shutdownHook(false)
                    // Frames are read whole into memory: refuse anything far beyond the 64 KiB the protocol allows
                    // (1009, message too big); frames up to this size get a too_large error frame instead.
                    .addProtocol(WsConfig.builder().maxFrameLength(256 * 1024).build());
            Routes routes = new Routes();
            ConnectionHub hub = setup(builder, config, database, parts, routes);
            WebServer server = builder.build().start();
            return new Parley(server, hub, database, parts, routes);
        } catch (RuntimeException e) {
            Parley.closeAll(parts);
            database.close();
            throw e;
        }
    }

    /**
     * Wires every service and route onto the server builder. Background parts (bus, heartbeat, catch-up) are added
     * to {@code parts} in the order they must be closed, the API's routes to {@code routes} as they are registered;
     * returns the connection hub.
     */
    public static ConnectionHub setup(WebServerConfig.Builder server, Config config, Database database,
                                      List<AutoCloseable> parts, Routes routes) {
        Config parley = config.get("parley");
        DbClient db = database.dbClient();
        String nodeId = parley.get("node.id").asString().filter(id -> !id.isBlank())
                .orElseGet(() -> "node-" + UUID.randomUUID().toString().substring(0, 8));
        int presenceTtl = parley.get("cluster.presence-ttl-seconds").asInt().orElse(15);
        ConnectionHub hub = new ConnectionHub(new ConnectionHub.Limits(
                        parley.get("ws.outbound-queue").asInt().orElse(1024),
                        parley.get("ws.outbound-queue-chars").asLong().orElse(4L * 1024 * 1024),
                        parley.get("ws.connections-per-user").asInt().orElse(20),
                        parley.get("ws.connections-per-address").asInt().orElse(1000)),
                Duration.ofSeconds(parley.get("ws.ping-interval-seconds").asInt().orElse(25)));
        parts.add(hub);
        ClusterBus bus = new ClusterBus(nodeId, database.dataSource(), database::dedicatedConnection);

        UserRepository users = new UserRepository(db, presenceTtl);
        RoomRepository roomRepository = new RoomRepository(db, presenceTtl);
        PresenceRepository presenceRepository = new PresenceRepository(db, presenceTtl);
        int sessionDays = parley.get("session-days").asInt().orElse(30);
        int idleDays = parley.get("sessions.idle-days").asInt().orElse(14);
        PasswordWork passwords = new PasswordWork(
                parley.get("auth.hash-threads").asInt().filter(n -> n > 0).orElseGet(PasswordWork::defaultThreads),
                parley.get("auth.hash-queue").asInt().orElse(64),
                parley.get("auth.hash-cpu-share").asDouble().orElse(0.5));
        parts.add(passwords);
        AuthService auth = new AuthService(users, new SessionRepository(db, database.dataSource(), idleDays), passwords, new LoginThrottle(
                parley.get("limits.logins-per-user-and-address").asInt().orElse(10),
                parley.get("limits.logins-per-address").asInt().orElse(50)),
                new RegistrationLimit(parley.get("limits.registrations-per-address-per-hour").asInt().orElse(30)),
                new AuthService.SessionLimits(sessionDays, idleDays,
                        parley.get("sessions.max-per-user").asInt().orElse(50)),
                session -> {
                    hub.closeSession(session);
                    bus.publish(new ClusterEvent.SessionEnded(session));
                });
        BrowserPolicy browsers = new BrowserPolicy(
                List.of(parley.get("http.allowed-origins").asString().orElse("").split(",")),
                parley.get("http.secure-cookies").asBoolean().orElse(false),
                parley.get("http.hsts-seconds").asLong().orElse(0L));
        Authenticator authenticator = new Authenticator(auth::authenticate, browsers);
        BlockService blocks = new BlockService(db, users, presenceRepository, hub, bus);
        NewChatLimit newChats = new NewChatLimit(parley.get("limits.new-chats-per-hour").asInt().orElse(60));
        RoomService rooms = new RoomService(roomRepository, users, hub, bus, blocks, newChats);
        PrivacyService privacy = new PrivacyService(db, bus,
                parley.get("limits.profile-changes-burst").asInt().orElse(10),
                parley.get("limits.profile-changes-per-hour").asInt().orElse(30));
        RecentSenders senders = new RecentSenders();
        ReceiptService receipts = new ReceiptService(roomRepository, rooms, users, hub, bus, database.dataSource(),
                blocks, privacy, senders, Duration.ofMillis(parley.get("receipts.delivered-flush-ms").asInt().orElse(20)));
        RoomSettingsService chatSettings = new RoomSettingsService(rooms, database.dataSource(), bus,
                parley.get("limits.chat-settings-per-minute").asInt().orElse(120));
        receipts.onRead(chatSettings::read);
        MessageService.ActionWindows actionWindows = new MessageService.ActionWindows(
                Duration.ofSeconds(parley.get("messages.edit-window-seconds").asLong().orElse(15L * 60)),
                Duration.ofSeconds(parley.get("messages.delete-window-seconds").asLong().orElse(48L * 3600)));
        Config attachmentSettings = parley.get("attachments");
        AttachmentService attachments = new AttachmentService(db, rooms,
                BlobStores.create(parley.get("blobs"), Path.of(parley.get("data.dir").asString().orElse("./data"))
                        .toAbsolutePath().normalize()),
                new AttachmentService.Limits(
                        attachmentSettings.get("max-bytes").asLong().orElse(25L * 1024 * 1024),
                        attachmentSettings.get("max-per-message").asInt().orElse(10),
                        attachmentSettings.get("pending-max").asInt().orElse(50),
                        attachmentSettings.get("pending-max-bytes").asLong().orElse(500L * 1024 * 1024),
                        Duration.ofHours(attachmentSettings.get("pending-hours").asInt().orElse(24)),
                        attachmentSettings.get("max-pixels").asLong().orElse(100_000_000L),
                        Duration.ofMillis(attachmentSettings.get("thumbnail-time-limit-ms").asInt().orElse(10_000)),
                        attachmentSettings.get("thumbnail-workers").asInt().orElse(2),
                        parley.get("limits.uploads-burst").asInt().orElse(30),
                        parley.get("limits.uploads-per-minute").asInt().orElse(60),
                        parley.get("limits.uploads-at-once").asInt().orElse(4),
                        attachmentSettings.get("transfer-threads").asInt().orElse(256),
                        attachmentSettings.get("transfer-nice").asInt().orElse(10),
                        // 20 MiB/s per core unless configured (0: no budget): about a fifth of what the node's
                        // cores can move, the rest left to chat (docs/benchmarks.md, "A budget for file bytes").
                        attachmentSettings.get("transfer-mb-per-s").asLong()
                                .orElse(20L * Runtime.getRuntime().availableProcessors()) * 1024 * 1024));
        AttachmentCleanup attachmentCleanup = new AttachmentCleanup(attachments,
                Duration.ofSeconds(attachmentSettings.get("cleanup-seconds").asInt().orElse(600)));
        // A crowd that reconnects at once (a restarted node, a network blip) takes turns: handshakes (up to the first
        // sync) beyond the bound are refused with 503 and Retry-After; sync reads wait their turn for a while, then the
        // connection is closed with 1013 and the wait.
        Duration retryMax = Duration.ofSeconds(parley.get("ws.retry-after-max-seconds").asInt().orElse(10));
        Admission handshakes = new Admission(new Admission.Settings(
                parley.get("ws.handshakes-at-once").asInt().orElse(256), HANDSHAKE_MAX_HOLD, Duration.ofSeconds(1),
                retryMax));
        Admission syncReads = new Admission(new Admission.Settings(
                parley.get("ws.sync-reads-at-once").asInt().orElse(16), SYNC_READ_MAX_HOLD, Duration.ofSeconds(1),
                retryMax));
        int sendBurst = parley.get("limits.send-burst").asInt().orElse(LimitsView.DEFAULT_SEND_BURST);
        int sendsPerSecond = parley.get("limits.send-per-second").asInt().orElse(LimitsView.DEFAULT_SENDS_PER_SECOND);
        MessageService messages = new MessageService(database.dataSource(), new MessageService.Timing(
                        Duration.ofMillis(parley.get("db.commit-interval-ms").asInt().orElse(2)),
                        Duration.ofSeconds(parley.get("db.room-lock-wait-seconds").asInt().orElse(35))), rooms, hub, bus,
                new SendRateLimiter(sendBurst, sendsPerSecond),
                new MessageService.SyncLimits(parley.get("ws.sync-cap").asInt().orElse(500),
                        parley.get("ws.sync-total-cap").asInt().orElse(2000), syncReads,
                        Duration.ofSeconds(parley.get("ws.sync-wait-seconds").asInt().orElse(10))),
                new MessageService.OwnWatermarks() {
                    @Override
                    public void ownMessage(long roomId, long userId, long seq) {
                        receipts.ownMessage(roomId, userId, seq);
                    }

                    @Override
                    public void readByOwnMessage(long roomId, long userId, long seq) {
                        receipts.readByOwnMessage(roomId, userId, seq);
                    }
                }, senders, actionWindows, attachments, attachmentCleanup::soon);
        int maxGroupMembers = parley.get("groups.max-members").asInt().orElse(1024);
        GroupService groups = new GroupService(rooms, messages.events(), receipts, users, blocks, newChats,
                maxGroupMembers,
                parley.get("limits.group-changes-per-minute").asInt().orElse(60));
        Config searchSettings = parley.get("search");
        if (searchSettings.get("indexing").asBoolean().orElse(true)) {
            SearchIndexer indexer = new SearchIndexer(database.dataSource(), new SearchIndexer.Settings(
                    Duration.ofMillis(searchSettings.get("interval-ms").asInt().orElse(200)),
                    searchSettings.get("events-per-room").asInt().orElse(100),
                    searchSettings.get("rooms-per-round").asInt().orElse(20),
                    Duration.ofSeconds(searchSettings.get("sweep-seconds").asInt().orElse(300)),
                    searchSettings.get("busy-percent").asInt().orElse(10))).start();
            messages.onAppended(indexer::appended);
            parts.add(indexer);
        }
        SearchService search = new SearchService(database.dataSource(), rooms, messages, new SearchService.Limits(
                parley.get("limits.searches-burst").asInt().orElse(20),
                parley.get("limits.searches-per-second").asInt().orElse(5)));
        parts.add(messages);
        parts.add(receipts);
        parts.add(attachmentCleanup);
        parts.add(attachments);
        PresenceService presence = new PresenceService(users, presenceRepository, hub, bus, blocks);
        privacy.onLastSeenChanged(presence::changed); // contacts see them go offline (or come back) at once
        hub.addPresenceListener(messages); // follow the user's rooms before anyone is told they are online
        rooms.onCreated(roomId -> messages.follow(roomId, 0));
        hub.addPresenceListener(presence);
        parts.add(presence); // after the hub (its closing connections go offline), before the node's row goes
        hub.deliveryListener(receipts);
        parts.add(new NodeRegistry(bus, presenceRepository, presence, hub, Duration.ofSeconds(presenceTtl),
                messages::catchUpAll));
        ProfileService profiles = new ProfileService(users, hub, bus,
                parley.get("limits.profile-changes-burst").asInt().orElse(10),
                parley.get("limits.profile-changes-per-hour").asInt().orElse(30));
        bus.start(new ClusterEvents(bus, hub, auth, messages, rooms, receipts, presence, blocks, profiles, privacy),
                messages::catchUpAll);
        parts.add(bus);
        parts.add(Loops.periodically("catch-up", messages::catchUp,
                Duration.ofSeconds(parley.get("cluster.catch-up-seconds").asInt().orElse(5))));
        // Sessions of open sockets are re-checked now and then: a sign-out whose notification was lost, or an
        // expiry, still closes them within this interval. Dead sessions are purged from the table.
        parts.add(Loops.periodically("session-check", () -> {
            Set<String> open = hub.sessions();
            Set<String> live = auth.liveSessions(open);
            open.stream().filter(session -> !live.contains(session)).forEach(hub::closeSession);
        },
                Duration.ofSeconds(parley.get("sessions.revalidate-seconds").asInt().orElse(10))));
        parts.add(Loops.periodically("session-purge", auth::purgeDeadSessions,
                Duration.ofMinutes(parley.get("sessions.purge-minutes").asInt().orElse(60))));
        ClientAddress clients = new ClientAddress(
                List.of(parley.get("http.trusted-proxies").asString().orElse("").split(",")));
        ChatSocket.Services socketServices = new ChatSocket.Services(authenticator, hub, rooms, messages, receipts,
                new FrameBudget(parley.get("limits.frames-burst").asInt().orElse(60),
                        parley.get("limits.frames-per-second").asInt().orElse(20)), clients, handshakes);

        HttpRouting.Builder routing = HttpRouting.builder();
        // Every route of the API goes through the recorder: the API documents are tested against its list.
        routes.recording(routing)
                .register("/api/auth", new AuthResource(auth, authenticator, browsers, clients,
                        Duration.ofDays(sessionDays)))
                .register("/api/sessions", new SessionResource(auth, authenticator))
                .register("/api", new UserResource(authenticator, users, profiles, privacy))
                .register("/api/users", new BlockResource(authenticator, blocks))
                .register("/api/rooms", new GroupResource(authenticator, rooms, groups))
                .register("/api/rooms", new RoomResource(authenticator, rooms, chatSettings))
                .register("/api/messages", new MessageResource(authenticator, messages))
                .register("/api/attachments", new AttachmentResource(authenticator, attachments))
                .register("/api/search", new SearchResource(authenticator, search))
                .register("/api/limits", new LimitsResource(new LimitsView(actionWindows.edit().toSeconds(),
                        actionWindows.delete().toSeconds(), MessageService.MAX_CONTENT, maxGroupMembers,
                        attachments.limits().maxBytes(), attachments.limits().maxPerMessage(), sendBurst,
                        sendsPerSecond)))
                .register("/ws", new HandshakeRefusal(authenticator, handshakes)) // a /ws request that did not upgrade
                .register(new ApiDocs());                             // /openapi, /asyncapi: these routes' documents
        routing.register("/", WebClient.service()); // the browser client's static files, from the web-client jar
        WebClient.securityHeaders(routing, browsers);
        ErrorMapping.register(routing);
        HealthCheck databaseCheck = DbClientHealthCheck.builder(db)
                .name("database").query().statementName("ping")
                .timeout(Duration.ofSeconds(2)).build();
        Supplier<HealthCheckResponse> clusterBus =
                () -> HealthCheckResponse.builder().status(bus.listening()).detail("node", nodeId)
                        .detail("rooms-followed", messages.roomsFollowed()).build();
        // The message writer's own liveness: a send left unanswered this long means the node is not taking messages,
        // whatever a fresh connection to the database says (a writer stuck on a silent connection).
        Duration writerStuckAfter = Duration.ofSeconds(parley.get("db.statement-timeout-seconds").asInt().orElse(20));
        Supplier<HealthCheckResponse> writer = () -> {
            Duration oldest = messages.oldestUnansweredSend();
            return HealthCheckResponse.builder().status(oldest.compareTo(writerStuckAfter) < 0)
                    .detail("oldest-unanswered-send-ms", oldest.toMillis()).build();
        };
        // The background loops survive any failure (Loops): how often each one failed, for operators.
        Supplier<HealthCheckResponse> loops = () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            Loops.failures().forEach((loop, count) -> response.detail(loop + "-failures", count));
            return response.build();
        };
        // How many handshakes and sync reads were admitted and refused (a storm of reconnections), for operators.
        Supplier<HealthCheckResponse> admission = () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            handshakes.counts().forEach((name, count) -> response.detail("handshakes-" + name, count));
            syncReads.counts().forEach((name, count) -> response.detail("sync-reads-" + name, count));
            return response.build();
        };
        // Anyone may ask whether the node is up; metrics and health details only with the observe token.
        ObserveAccess.register(routing, parley.get("observe.token").asString().asOptional(),
                () -> bus.listening() && writer.get().status() == HealthCheckResponse.Status.UP
                        && databaseCheck.call().status() == HealthCheckResponse.Status.UP);

        server.addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .addCheck(databaseCheck)
                                .addCheck(clusterBus, HealthCheckType.READINESS, "cluster-bus")
                                .addCheck(loops, HealthCheckType.LIVENESS, "background-loops")
                                .addCheck(writer, HealthCheckType.LIVENESS, "message-writer")
                                .addCheck(admission, HealthCheckType.LIVENESS, "admission")
                                .details(true)
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(routing)
                .addRouting(WsRouting.builder().endpoint("/ws", () -> new ChatSocket(socketServices)));
        return hub;
    }
}
