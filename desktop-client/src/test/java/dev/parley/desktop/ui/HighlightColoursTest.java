package dev.parley.desktop.ui;

import static dev.parley.desktop.ui.ThemeColours.colours;
import static dev.parley.desktop.ui.ThemeColours.css;
import static dev.parley.desktop.ui.ThemeColours.distance;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The highlight of a message just jumped to (a search result, a quote's original), read from {@code app.css}: a band
 * across its row that stands clearly apart (OKLab distance) from the wallpaper and from both bubbles, mine and
 * theirs, in each theme, while the bubble keeps its own colour so its text reads as well as ever.
 */
class HighlightColoursTest {

    private static final double MIN_DISTANCE = 0.10;

    /** What the highlight is too close to in the theme whose colours are {@code theme} (over the light ones). */
    private static List<String> tooClose(Map<String, String> theme) throws IOException {
        String highlight = theme.get("-wa-highlight");
        assertThat(highlight).as("-wa-highlight").isNotNull();
        return Stream.of("-wa-wallpaper", "-wa-bubble-in", "-wa-bubble-out")
                .filter(name -> distance(highlight, theme.get(name)) < MIN_DISTANCE)
                .map(name -> highlight + " and " + name + " " + theme.get(name) + " are "
                        + String.format("%.3f", distance(highlight, theme.get(name))))
                .toList();
    }

    @Test
    void theHighlightStandsApartFromTheWallpaperAndFromMyBubblesAndTheirsInBothThemes() throws IOException {
        Map<String, String> light = colours(".root");
        Map<String, String> dark = new TreeMap<>(light);
        dark.putAll(colours(".root.dark"));

        assertThat(tooClose(light)).isEmpty();
        assertThat(tooClose(dark)).isEmpty();
    }

    @Test
    void theHighlightIsABandAcrossTheRowThatLeavesTheBubblesTheirColours() throws IOException {
        String css = css();

        assertThat(css).contains(".message-cell:highlighted .bubble-row { -fx-background-color: -wa-highlight; }");
        assertThat(css).doesNotContain(":highlighted .bubble {");
    }
}
