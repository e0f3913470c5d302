package dev.parley.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.common.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void wordsAreWordsAndPunctuationAroundThemIsDropped() {
        SearchQuery query = SearchQuery.parse("  Where, do we MEET?  ");

        assertThat(query.terms()).extracting(SearchQuery.Term::text).containsExactly("Where", "do", "we", "MEET");
        assertThat(query.terms()).extracting(SearchQuery.Term::kind).containsOnly(SearchQuery.Kind.WORD);
        assertThat(query.terms()).allMatch(SearchQuery.Term::prefix);
    }

    @Test
    void aOneLetterWordMatchesOnlyThatWord() {
        assertThat(SearchQuery.parse("a").terms().getFirst().prefix()).isFalse();
        assertThat(SearchQuery.parse("é").terms().getFirst().kind()).isEqualTo(SearchQuery.Kind.WORD);
    }

    @Test
    void codesScriptsWithoutSpacesAndSymbolsAreSubstrings() {
        for (String term : List.of("2027-A", "foo.bar@x.org", "東京", "タワー", "ภาษาไทย", "👍", "don't")) {
            assertThat(SearchQuery.parse(term).terms()).as(term)
                    .containsExactly(new SearchQuery.Term(term, SearchQuery.Kind.SUBSTRING));
        }
        assertThat(SearchQuery.parse("Привет Café").terms()).extracting(SearchQuery.Term::kind)
                .containsOnly(SearchQuery.Kind.WORD);
    }

    @Test
    void repeatedTermsCountOnce() {
        assertThat(SearchQuery.parse("meet meet MEET").terms()).hasSize(2);
    }

    @Test
    void emptyTooLongOrTooManyTermsAreRefused() {
        for (String q : new String[] {null, "", "   ", "x".repeat(201), "a b c d e f g h i j k", "tab\u0007bell"}) {
            assertThatThrownBy(() -> SearchQuery.parse(q)).as(String.valueOf(q)).isInstanceOf(ApiException.class);
        }
    }
}
