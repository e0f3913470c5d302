package dev.parley.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.SearchPage.SnippetPart;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

    @Test
    void marksWordStartsWithoutCaseOrAccentsAndKeepsTheOriginalText() {
        List<SnippetPart> parts = Snippets.of("Meet me at the CAFÉ, meeting at 7", SearchQuery.parse("cafe mee"));

        assertThat(parts).containsExactly(new SnippetPart("Mee", true), new SnippetPart("t me at the ", false),
                new SnippetPart("CAFÉ", true), new SnippetPart(", ", false), new SnippetPart("mee", true),
                new SnippetPart("ting at 7", false));
    }

    @Test
    void aWordDoesNotMatchInsideAnotherWordButASubstringDoes() {
        assertThat(matched("homeeting", "mee")).isEmpty();
        assertThat(matched("ticket 2027-A14", "2027-a")).containsExactly("2027-A");
        assertThat(matched("明日は東京タワーに行く", "タワー")).containsExactly("タワー");
    }

    @Test
    void aOneLetterWordMatchesOnlyWholeWords() {
        assertThat(matched("a apple a", "a")).containsExactly("a", "a");
    }

    @Test
    void lettersThatFoldToSeveralKeepTheirPlace() {
        assertThat(matched("Die Straße ist lang", "strasse")).containsExactly("Straße");
        assertThat(matched("Ærø is an island", "aero")).containsExactly("Ærø");
    }

    @Test
    void aLongTextIsCutToAWindowAroundTheFirstMatchWithEllipses() {
        String text = "alpha ".repeat(40) + "the target word " + "omega ".repeat(40);

        List<SnippetPart> parts = Snippets.of(text, SearchQuery.parse("target"));

        String joined = String.join("", parts.stream().map(SnippetPart::text).toList());
        assertThat(joined).startsWith("…alpha").endsWith("…").contains("the target word");
        assertThat(joined.length()).isLessThanOrEqualTo(Snippets.WINDOW + 2);
        assertThat(parts).filteredOn(SnippetPart::match).extracting(SnippetPart::text).containsExactly("target");
    }

    @Test
    void markupIsJustText() {
        List<SnippetPart> parts = Snippets.of("<b>hi</b> there", SearchQuery.parse("hi"));

        assertThat(parts).containsExactly(new SnippetPart("<b>", false), new SnippetPart("hi", true),
                new SnippetPart("</b> there", false));
    }

    @Test
    void emojiAndSurrogatePairsAreNeverCutInHalf() {
        String text = "😀".repeat(100) + " find me " + "😀".repeat(100);

        String joined = String.join("", Snippets.of(text, SearchQuery.parse("find")).stream()
                .map(SnippetPart::text).toList());

        assertThat(joined.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).count()).isZero();
    }

    private static List<String> matched(String text, String q) {
        return Snippets.of(text, SearchQuery.parse(q)).stream().filter(SnippetPart::match).map(SnippetPart::text)
                .toList();
    }
}
