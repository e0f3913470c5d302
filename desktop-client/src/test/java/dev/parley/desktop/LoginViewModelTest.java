package dev.parley.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.login.LoginViewModel;
import dev.parley.desktop.login.Session;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AuthResponse;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Sign-in errors in words a user understands, without a toolkit. */
class LoginViewModelTest {

    private final List<Session> signedIn = new ArrayList<>();

    /**
     * A sign-up as alice against an API whose {@code register} fails with {@code cutOff} and whose {@code login}
     * answers {@code login}; the calls made are added to {@code calls}.
     */
    private LoginViewModel signingUp(ApiException cutOff, CompletableFuture<AuthResponse> login, List<String> calls) {
        ChatApi api = (ChatApi) Proxy.newProxyInstance(ChatApi.class.getClassLoader(), new Class<?>[] {ChatApi.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.getName().equals("register") ? CompletableFuture.failedFuture(cutOff) : login;
                });
        LoginViewModel vm = new LoginViewModel(base -> api, Runnable::run, signedIn::add);
        vm.usernameProperty().set("alice");
        vm.passwordProperty().set("correct-horse");
        vm.signUpProperty().set(true);
        return vm;
    }

    private LoginViewModel failingWith(ApiException error) {
        ChatApi api = (ChatApi) Proxy.newProxyInstance(ChatApi.class.getClassLoader(), new Class<?>[] {ChatApi.class},
                (proxy, method, args) -> CompletableFuture.<AuthResponse>failedFuture(error));
        LoginViewModel vm = new LoginViewModel(base -> api, Runnable::run, signedIn::add);
        vm.usernameProperty().set("alice");
        vm.passwordProperty().set("wrong-password");
        return vm;
    }

    @Test
    void aWrongPasswordSaysSo() {
        LoginViewModel vm = failingWith(new ApiException(401, "unauthenticated", "bad credentials"));

        vm.submit();

        assertThat(vm.errorProperty().get()).isEqualTo("Wrong username or password.");
        assertThat(signedIn).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void aTakenNameSaysSo() {
        LoginViewModel vm = failingWith(new ApiException(409, "conflict", "username taken"));
        vm.signUpProperty().set(true);

        vm.submit();

        assertThat(vm.errorProperty().get()).isEqualTo("That username is taken. Try another one.");
    }

    @Test
    void aSignUpCutOffAfterItWasSentSignsInWhenTheAccountWasStored() {
        List<String> calls = new ArrayList<>();
        LoginViewModel vm = signingUp(new ApiException(503, "outcome_unknown", "lost"),
                CompletableFuture.completedFuture(
                        new AuthResponse("tok", new dev.parley.protocol.UserView("alice", false, null))), calls);

        vm.submit();

        assertThat(calls).containsExactly("register", "login");
        assertThat(signedIn).extracting(Session::username).containsExactly("alice");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void aSignUpCutOffWhoseAccountWasNotStoredSaysTheServerFailed() {
        List<String> calls = new ArrayList<>();
        LoginViewModel vm = signingUp(
                new ApiException(503, "outcome_unknown", "the connection to the database was lost"),
                CompletableFuture.failedFuture(new ApiException(401, "unauthenticated", "bad credentials")), calls);

        vm.submit();

        assertThat(calls).containsExactly("register", "login");
        assertThat(signedIn).isEmpty();
        assertThat(vm.errorProperty().get())
                .isEqualTo("The server could not sign you in (the connection to the database was lost).");
    }

    @Test
    void anUnreachableServerIsNamed() {
        LoginViewModel vm = failingWith(new ApiException("refused", new java.net.ConnectException()));
        vm.serverProperty().set("http://localhost:1/");

        vm.submit();

        assertThat(vm.errorProperty().get()).isEqualTo("Can't reach the server at http://localhost:1. Is it running?");
    }

    @Test
    void aMalformedServerAddressIsRefusedBeforeAnyCall() {
        LoginViewModel vm = failingWith(new ApiException(500, "internal", "not called"));
        vm.serverProperty().set("localhost 8080");

        vm.submit();

        assertThat(vm.errorProperty().get()).isEqualTo("Enter a server address like http://localhost:8080");
    }

    @Test
    void aSuccessfulSignInHandsOverTheSession() {
        ChatApi api = (ChatApi) Proxy.newProxyInstance(ChatApi.class.getClassLoader(), new Class<?>[] {ChatApi.class},
                (proxy, method, args) -> CompletableFuture.completedFuture(
                        new AuthResponse("tok", new dev.parley.protocol.UserView("alice", false, null))));
        LoginViewModel vm = new LoginViewModel(base -> api, Runnable::run, signedIn::add);
        vm.serverProperty().set("http://example.test:8080/");
        vm.usernameProperty().set(" Alice ");
        vm.passwordProperty().set("correct-horse");

        vm.submit();

        assertThat(signedIn).containsExactly(new Session(URI.create("http://example.test:8080"), "alice", "tok"));
        assertThat(vm.passwordProperty().get()).isEmpty();
    }
}
