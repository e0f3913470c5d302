package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFoldTest {

    @Test
    void accentsCaseAndLettersThatDoNotDecomposeAreFoldedAsTheDatabaseFoldsThem() {
        assertThat(TextFold.fold("Café STRAßE Ærø Łódź ǅ ﬁne")).isEqualTo("cafe strasse aero lodz dz fine");
    }

    @Test
    void everyFoldedCharacterPointsBackToWhereItCameFrom() {
        String text = "Aß😀é";
        TextFold fold = TextFold.of(text);
        assertThat(fold.folded()).isEqualTo("ass😀e");
        assertThat(fold.positions(1, 3)).containsExactly(1, 2); // "ss" is the ß
        assertThat(fold.positions(3, 5)).containsExactly(2, 4); // the emoji's two chars
        assertThat(fold.positions(5, 6)).containsExactly(4, 5);
    }

    @Test
    void aLongTextOfCharactersThatFoldToSeveralIsFoldedWhole() {
        String text = "ß".repeat(1000);
        TextFold fold = TextFold.of(text);
        assertThat(fold.folded()).isEqualTo("ss".repeat(1000));
        assertThat(fold.positions(1998, 2000)).containsExactly(999, 1000);
    }
}
