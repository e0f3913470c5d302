package dev.parley.desktop.login;

import dev.parley.desktop.net.ApiClient;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AuthResponse;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Sign in / sign up: the server address, the credentials, one clear error. FX thread only. */
public final class LoginViewModel {

    private final Function<URI, ChatApi> apis;
    private final Executor fx;
    private final Consumer<Session> onSignedIn;
    private final StringProperty server = new SimpleStringProperty("http://localhost:8080");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty signUp = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public LoginViewModel(Function<URI, ChatApi> apis, Executor fx, Consumer<Session> onSignedIn) {
        this.apis = apis;
        this.fx = fx;
        this.onSignedIn = onSignedIn;
        signUp.addListener((obs, was, now) -> error.set(""));
    }

    /** Signs in or up with what was entered; on success hands the session over. */
    public void submit() {
        if (busy.get()) {
            return;
        }
        String name = username.get().strip().toLowerCase(Locale.ROOT);
        String secret = password.get();
        if (name.isEmpty() || secret.isEmpty()) {
            error.set("Enter your username and password.");
            return;
        }
        URI base;
        try {
            base = ApiClient.normalise(URI.create(server.get().strip()));
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            error.set("Enter a server address like http://localhost:8080");
            return;
        }
        busy.set(true);
        error.set("");
        ChatApi api = apis.apply(base);
        CompletableFuture<AuthResponse> call = signUp.get() ? signUp(api, name, secret) : api.login(name, secret);
        call.whenComplete((auth, failure) -> fx.execute(() -> {
            busy.set(false);
            if (failure != null) {
                error.set(explain(ApiException.of(failure), base));
                return;
            }
            password.set("");
            onSignedIn.accept(new Session(base, auth.user().username(), auth.token()));
        }));
    }

    /**
     * Signs up; when the server lost its database connection after the account was sent ({@code outcome_unknown}: it
     * may have been stored), signing in with the same name and password tells, and lets the user in if it was.
     * Otherwise the sign-up's own error stands (signing up again is then safe: a name stored meanwhile is "taken").
     */
    private static CompletableFuture<AuthResponse> signUp(ChatApi api, String name, String secret) {
        return api.register(name, secret).exceptionallyCompose(failure -> {
            if (!"outcome_unknown".equals(ApiException.of(failure).code())) {
                return CompletableFuture.failedFuture(failure);
            }
            return api.login(name, secret).exceptionallyCompose(ignored -> CompletableFuture.failedFuture(failure));
        });
    }

    /** Shows a reason for leaving the chat screen, e.g. an expired session. */
    public void showError(String message) {
        error.set(message);
    }

    private String explain(ApiException e, URI base) {
        return switch (e.code()) {
            case ApiException.UNREACHABLE -> "Can't reach the server at " + base + ". Is it running?";
            case "unauthenticated" -> "Wrong username or password.";
            case "conflict" -> "That username is taken. Try another one.";
            case "rate_limited" -> "Too many attempts. Wait a minute and try again.";
            case "validation", "bad_request" -> capitalise(e.getMessage()) + ".";
            default -> "The server could not sign you in (" + e.getMessage() + ").";
        };
    }

    private static String capitalise(String s) {
        String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    public StringProperty serverProperty() {
        return server;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public BooleanProperty signUpProperty() {
        return signUp;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
