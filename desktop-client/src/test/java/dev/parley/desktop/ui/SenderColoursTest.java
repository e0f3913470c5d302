package dev.parley.desktop.ui;

import static dev.parley.desktop.ui.ThemeColours.colours;
import static dev.parley.desktop.ui.ThemeColours.contrast;
import static dev.parley.desktop.ui.ThemeColours.css;
import static dev.parley.desktop.ui.ThemeColours.distance;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The colours of senders' names in group bubbles, read from {@code app.css}: one per avatar slot in each theme,
 * readable on an incoming bubble (WCAG AA, 4.5:1) and clearly apart from each other (OKLab distance), so two people
 * in a group are not told apart by a shade.
 */
class SenderColoursTest {

    private static final int SLOTS = 12;
    private static final double MIN_CONTRAST = 4.5;
    private static final double MIN_DISTANCE = 0.10;

    private static List<String> names(Map<String, String> theme) {
        return IntStream.range(0, SLOTS).mapToObj(i -> theme.get("-wa-name" + i)).toList();
    }

    @Test
    void everyAvatarSlotHasASenderColourInBothThemesAndARuleThatUsesIt() throws IOException {
        String css = css();

        assertThat(names(colours(".root"))).doesNotContainNull();
        assertThat(names(colours(".root.dark"))).doesNotContainNull();
        assertThat(IntStream.range(0, SLOTS).filter(i -> !css.contains(
                ".bubble-sender.sender-c" + i + " { -fx-text-fill: -wa-name" + i + "; }"))).isEmpty();
    }

    @Test
    void senderNamesReadWellOnAnIncomingBubbleInBothThemes() throws IOException {
        Map<String, String> light = colours(".root");
        Map<String, String> dark = colours(".root.dark");

        assertThat(tooFaint(names(light), light.get("-wa-bubble-in"))).isEmpty();
        assertThat(tooFaint(names(dark), dark.get("-wa-bubble-in"))).isEmpty();
    }

    @Test
    void senderNameColoursAreClearlyApartFromEachOtherInBothThemes() throws IOException {
        assertThat(tooClose(names(colours(".root")))).isEmpty();
        assertThat(tooClose(names(colours(".root.dark")))).isEmpty();
    }

    private static List<String> tooFaint(List<String> colours, String background) {
        return colours.stream().filter(c -> contrast(c, background) < MIN_CONTRAST)
                .map(c -> c + " on " + background + " is " + String.format("%.2f", contrast(c, background)) + ":1")
                .toList();
    }

    private static List<String> tooClose(List<String> colours) {
        List<String> close = new ArrayList<>();
        for (int i = 0; i < colours.size(); i++) {
            for (int j = i + 1; j < colours.size(); j++) {
                double distance = distance(colours.get(i), colours.get(j));
                if (distance < MIN_DISTANCE) {
                    close.add(colours.get(i) + " and " + colours.get(j) + " are " + String.format("%.3f", distance));
                }
            }
        }
        return close;
    }
}
