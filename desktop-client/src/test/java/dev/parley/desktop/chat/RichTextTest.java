package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.RichText.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class RichTextTest {

    private static Segment plain(String text) {
        return Segment.plain(text);
    }

    private static Segment bold(String text) {
        return new Segment(text, true, false, false, false, null);
    }

    private static Segment link(String href) {
        return new Segment(href, false, false, false, false, href);
    }

    @Test
    void plainTextAndMarkupStayOnePlainSegment() {
        assertThat(RichText.parse("<b>x</b> & hi")).containsExactly(plain("<b>x</b> & hi"));
    }

    @Test
    void aLinkLeavesOutThePunctuationThatEndsTheSentence() {
        assertThat(RichText.parse("see *this* at https://example.com/x."))
                .containsExactly(plain("see "), bold("this"), plain(" at "), link("https://example.com/x"), plain("."));
        assertThat(RichText.parse("(http://a.example/b?q=1), ok?"))
                .containsExactly(plain("("), link("http://a.example/b?q=1"), plain("), ok?"));
        assertThat(RichText.parse("https://en.wikipedia.org/wiki/Foo_(bar)!"))
                .containsExactly(link("https://en.wikipedia.org/wiki/Foo_(bar)"), plain("!"));
    }

    @Test
    void onlyHttpAndHttpsBecomeLinks() {
        for (String text : List.of("javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,x",
                "ftp://x.example/a", "xhttps://x.example", "https://")) {
            assertThat(RichText.parse(text)).as(text).containsExactly(plain(text));
        }
    }

    @Test
    void boldItalicStrikeAndCodeAlsoNestedAndAroundALink() {
        assertThat(RichText.parse("*b* _i_ ~s~ `c`")).containsExactly(bold("b"), plain(" "),
                new Segment("i", false, true, false, false, null), plain(" "),
                new Segment("s", false, false, true, false, null), plain(" "),
                new Segment("c", false, false, false, true, null));
        assertThat(RichText.parse("*very _much_ so*")).containsExactly(bold("very "),
                new Segment("much", true, true, false, false, null), bold(" so"));
        assertThat(RichText.parse("_https://x.example/a_b_")).containsExactly(
                new Segment("https://x.example/a_b", false, true, false, false, "https://x.example/a_b"));
    }

    @Test
    void markersInsideWordsBeforeSpacesOrAcrossLinesDoNothing() {
        for (String text : List.of("snake_case_name", "2*3*4", "a* b *c", "* not bold *", "half*way*",
                "*open\nclose*", "**", "x~y~")) {
            assertThat(RichText.parse(text)).as(text).containsExactly(plain(text));
        }
    }

    @Test
    void nothingIsFormattedOrLinkedInsideCode() {
        assertThat(RichText.parse("`*a* _b_ https://x.example`"))
                .containsExactly(new Segment("*a* _b_ https://x.example", false, false, false, true, null));
    }

    @Test
    void oneToThreeEmojiAndNothingElseAreEmojiOnly() {
        for (String text : List.of("😀", "👍🏽", " ❤️ 🎉 ", "👨‍👩‍👧🇫🇷1️⃣")) {
            assertThat(RichText.isEmojiOnly(text)).as(text).isTrue();
        }
        for (String text : List.of("", "😀😀😀😀", "hi 😀", "123", "#", "*", "😀.")) {
            assertThat(RichText.isEmojiOnly(text)).as(text).isFalse();
        }
    }

    @Test
    void aLongMessageIsFoldedAtAWordBoundaryBeforeReadMoreAShortOneOrOneJustPastTheFoldIsWhole() {
        assertThat(RichText.folded("hello")).isNull();
        assertThat(RichText.folded("x".repeat(RichText.READ_MORE_AT + 200))).isNull();
        String words = "lorem ipsum ".repeat(300); // 3,600 characters
        String folded = RichText.folded(words);
        assertThat(folded).endsWith("…").matches("(?s).*(lorem|ipsum)…");
        assertThat(folded.length()).isBetween(RichText.READ_MORE_AT - 199, RichText.READ_MORE_AT + 1);
        assertThat(words).as("the fold shows the start of the text").startsWith(folded.substring(0, folded.length() - 1));
        String lines = ("a line of text\n").repeat(200);
        assertThat(RichText.folded(lines)).as("cut at a line break, which is not kept").endsWith("text…");
        String emoji = "😀".repeat(2_000);
        assertThat(RichText.folded(emoji).codePointCount(0, RichText.folded(emoji).length()))
                .as("no emoji cut in half").isEqualTo(RichText.READ_MORE_AT + 1);
    }
}
