package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;
import dev.parley.protocol.SessionView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** My signed-in devices in the Profile drawer: listed with readable names, signed out one by one or all at once. */
class DevicesViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
            + "Firefox/133.0";

    private final FakeChatApi api = new FakeChatApi();
    private final Formats formats = new Formats(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ProfileViewModel profile = new ProfileViewModel("alice", api, Runnable::run, formats);
    private final SessionView chrome = session(CHROME, "10.0.0.7", NOW.minusSeconds(3_600), false);
    private final SessionView desktop = session("Parley-Desktop/0.1.0 (Linux; Java 25)", "127.0.0.1",
            NOW.minusSeconds(86_400), true);
    private final SessionView unknown = session("<b>curl</b>", null, Instant.parse("2026-11-03T08:00:00Z"), false);

    @Test
    void openingListsMyDevicesThisOneFirstEachNamedFromWhatItSaidItWas() {
        api.sessions.addAll(List.of(chrome, desktop, unknown));

        profile.open();

        assertThat(profile.devices()).containsExactly(
                new Device(desktop.id(), "Parley desktop", "127.0.0.1 · Active now", true),
                new Device(chrome.id(), "Chrome on Linux", "10.0.0.7 · Last active today at "
                        + formats.time(chrome.lastUsedAt()), false),
                new Device(unknown.id(), "Unknown device", "Last active on 03/11/2026 at "
                        + formats.time(unknown.lastUsedAt()), false));
        assertThat(profile.devicesStatusProperty().get()).isEmpty();
    }

    @Test
    void browsersAndSystemsAreNamedAndAnythingElseIsAnUnknownDevice() {
        assertThat(List.of(CHROME, FIREFOX,
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/18.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                        + "Mobile Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                        + "Safari/537.36 Edg/131.0.2903.86",
                "Java-http-client/25", "").stream().map(DeviceNames::name).toList())
                .containsExactly("Chrome on Linux", "Firefox on Windows", "Safari on iOS", "Chrome on Android",
                        "Edge on Windows", "Unknown device", "Unknown device");
        assertThat(DeviceNames.name(null)).isEqualTo("Unknown device");
    }

    @Test
    void signingAnotherDeviceOutRemovesItAndSaysSo() {
        api.sessions.addAll(List.of(chrome, desktop));
        profile.open();

        profile.signOut(profile.devices().get(1));

        assertThat(api.calls).containsExactly("end session " + chrome.id());
        assertThat(profile.devices()).extracting(Device::name).containsExactly("Parley desktop");
        assertThat(profile.devicesStatusProperty().get()).isEqualTo("Chrome on Linux is signed out.");
    }

    @Test
    void aDeviceAlreadySignedOutElsewhereLeavesTheListToo() {
        api.sessions.addAll(List.of(chrome, desktop));
        profile.open();
        Device gone = profile.devices().get(1);
        api.sessions.remove(chrome);

        profile.signOut(gone);

        assertThat(profile.devices()).extracting(Device::name).containsExactly("Parley desktop");
        assertThat(profile.devicesStatusProperty().get()).isEqualTo("Chrome on Linux is signed out.");
    }

    @Test
    void aRefusedSignOutKeepsTheDeviceAndSaysWhy() {
        api.sessions.addAll(List.of(chrome, desktop));
        profile.open();
        api.failSessions = new ApiException(429, "rate_limited", "too many requests, slow down");

        profile.signOut(profile.devices().get(1));

        assertThat(profile.devices()).hasSize(2);
        assertThat(profile.devicesStatusProperty().get()).isEqualTo("Too many requests, slow down.");
        assertThat(profile.devicesBusyProperty().get()).isFalse();
    }

    @Test
    void thisDeviceIsNotSignedOutFromTheList() {
        api.sessions.addAll(List.of(chrome, desktop));
        profile.open();

        profile.signOut(profile.devices().getFirst());

        assertThat(api.calls).isEmpty();
        assertThat(profile.devices()).hasSize(2);
    }

    @Test
    void signingOutOfAllDevicesClosesTheDrawerAndLeaves() {
        api.sessions.addAll(List.of(chrome, desktop));
        profile.open();
        List<String> left = new java.util.ArrayList<>();
        profile.setOnSignedOutEverywhere(() -> left.add("left"));

        profile.signOutEverywhere();

        assertThat(api.calls).containsExactly("end all sessions");
        assertThat(left).containsExactly("left");
        assertThat(profile.openProperty().get()).isFalse();
    }

    @Test
    void aRefusedSignOutEverywhereStaysAndSaysWhy() {
        profile.open();
        api.failSessions = new ApiException(0, "network", "can't reach the server");
        List<String> left = new java.util.ArrayList<>();
        profile.setOnSignedOutEverywhere(() -> left.add("left"));

        profile.signOutEverywhere();

        assertThat(left).isEmpty();
        assertThat(profile.openProperty().get()).isTrue();
        assertThat(profile.devicesStatusProperty().get()).isEqualTo("Can't reach the server.");
    }

    private static SessionView session(String agent, String address, Instant lastUsed, boolean current) {
        return new SessionView(UUID.randomUUID(), lastUsed.minusSeconds(60), lastUsed, agent, address, current);
    }
}
