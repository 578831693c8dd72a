package io.extguard.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameFilterTest {

    private static NameFilter including(String... globs) {
        return new NameFilter(List.of(globs), List.of());
    }

    private static NameFilter excluding(String... globs) {
        return new NameFilter(List.of(), List.of(globs));
    }

    @Test
    void emptyListsAcceptEverything() {
        NameFilter filter = new NameFilter(List.of(), List.of());

        assertThat(filter.accepts("app")).isTrue();
        assertThat(filter.accepts("")).isTrue();
        assertThat(filter.isOpen()).isTrue();
        assertThat(NameFilter.all().accepts("anything at all")).isTrue();
    }

    @Test
    void nullListsAndBlankGlobsAreIgnored() {
        assertThat(new NameFilter(null, null).accepts("app")).isTrue();
        assertThat(new NameFilter(List.of(" "), List.of("")).accepts("app")).isTrue();
    }

    @Test
    void filterWithGlobsIsNotOpen() {
        assertThat(including("app").isOpen()).isFalse();
        assertThat(excluding("app").isOpen()).isFalse();
    }

    @Test
    void starMatchesAnyRunIncludingNone() {
        NameFilter filter = including("tenant_*");

        assertThat(filter.accepts("tenant_acme")).isTrue();
        assertThat(filter.accepts("tenant_")).isTrue();
        assertThat(filter.accepts("tenant_a b\nc")).isTrue();
        assertThat(filter.accepts("other_tenant_acme")).isFalse();
    }

    @Test
    void underscoreIsLiteralUnlikeInALikePattern() {
        assertThat(including("tenant_*").accepts("tenantXacme")).isFalse();
        assertThat(including("a_b").accepts("axb")).isFalse();
    }

    @Test
    void percentIsLiteralUnlikeInALikePattern() {
        NameFilter filter = including("100%");

        assertThat(filter.accepts("100%")).isTrue();
        assertThat(filter.accepts("1000")).isFalse();
        assertThat(filter.accepts("100")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        NameFilter filter = including("db?");

        assertThat(filter.accepts("db1")).isTrue();
        assertThat(filter.accepts("db")).isFalse();
        assertThat(filter.accepts("db12")).isFalse();
    }

    @Test
    void globMustMatchTheWholeName() {
        NameFilter filter = including("app");

        assertThat(filter.accepts("app")).isTrue();
        assertThat(filter.accepts("app2")).isFalse();
        assertThat(filter.accepts("myapp")).isFalse();
    }

    @Test
    void matchingIsCaseSensitiveLikePostgresNames() {
        assertThat(including("App").accepts("app")).isFalse();
    }

    @Test
    void anyOfSeveralIncludesIsEnough() {
        NameFilter filter = including("app", "tenant_*");

        assertThat(filter.accepts("app")).isTrue();
        assertThat(filter.accepts("tenant_x")).isTrue();
        assertThat(filter.accepts("billing")).isFalse();
    }

    @Test
    void excludeWinsOverInclude() {
        NameFilter filter = new NameFilter(List.of("tenant_*"), List.of("tenant_test*"));

        assertThat(filter.accepts("tenant_acme")).isTrue();
        assertThat(filter.accepts("tenant_test_1")).isFalse();
    }

    @Test
    void excludesAloneRemoveOnlyWhatTheyMatch() {
        NameFilter filter = excluding("template?", "postgres");

        assertThat(filter.accepts("template0")).isFalse();
        assertThat(filter.accepts("postgres")).isFalse();
        assertThat(filter.accepts("app")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a+b", "[x]", "a\\b", "(a|b)", "^a$", "a{2}", "\\E.*\\Q"})
    void regexMetacharactersAreLiteral(String name) {
        NameFilter filter = including(name);

        assertThat(filter.accepts(name)).isTrue();
    }

    @Test
    void regexMetacharactersDoNotActAsRegex() {
        assertThat(including("a.b").accepts("axb")).isFalse();
        assertThat(including("a+b").accepts("aab")).isFalse();
        assertThat(including("[x]").accepts("x")).isFalse();
        assertThat(including("(a|b)").accepts("a")).isFalse();
        assertThat(including("\\E.*\\Q").accepts("\\Eanything\\Q")).isFalse();
    }

    @Test
    void literalPartsAroundWildcardsStayLiteral() {
        NameFilter filter = including("a.*+b");

        assertThat(filter.accepts("a.xyz+b")).isTrue();
        assertThat(filter.accepts("aXxyzb")).isFalse();
    }
}
