package io.extguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.ExtguardException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.From;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

/** Properties of the strict parsers, over generated input: what is accepted comes back unchanged. */
class ValuesProperties {

    @Provide
    Arbitrary<String> names() {
        // Anything PostgreSQL could call a database or extension, except the separator and blanks around it.
        return Arbitraries.strings().withCharRange('!', '~').withChars("äé€ _$%{}\\")
                .ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.contains(",") && s.strip().equals(s) && !s.isBlank());
    }

    @Property
    void aListComesBackAsWrittenItemForItem(@ForAll @Size(min = 1, max = 8) List<@From("names") String> items) {
        Setting s = new Setting(Key.DATABASES, null, String.join(",", items), "--databases");
        assertThat(Values.list(s)).containsExactlyElementsOf(items);
    }

    @Property
    void anEmptyItemAnywhereIsRefused(@ForAll @Size(min = 1, max = 5) List<@From("names") String> items,
                                      @ForAll @IntRange(min = 0, max = 5) int at) {
        List<String> withGap = new java.util.ArrayList<>(items);
        withGap.add(Math.min(at, withGap.size()), "");
        Setting s = new Setting(Key.DATABASES, null, String.join(",", withGap), "EXTGUARD_DATABASES");
        assertThatThrownBy(() -> Values.list(s)).isInstanceOf(ExtguardException.class)
                .hasMessageContaining("EXTGUARD_DATABASES");
    }

    @Property
    void pinsComeBackAsWritten(@ForAll("names") String extension, @ForAll("names") String version) {
        Setting s = new Setting(Key.PIN, null, extension + "=" + version.replace("=", ""), "--pin");
        if (version.replace("=", "").isEmpty() || extension.contains("=")) {
            return;
        }
        assertThat(Values.entries(s)).containsExactly(Map.entry(extension, version.replace("=", "")));
    }

    @Property
    void durationsInRangeAreReadExactly(@ForAll @IntRange(min = 1, max = 86_400) int seconds) {
        Setting s = new Setting(Key.WAIT, null, seconds + "s", "--wait");
        assertThat(Values.duration(s, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Property
    void anyTextThatIsNotANumberInRangeIsRefusedNamingTheSetting(@ForAll @NotEmpty String text) {
        Setting s = new Setting(Key.CONCURRENCY, null, text, "EXTGUARD_CONCURRENCY");
        try {
            int value = Values.integer(s, 1, 256);
            assertThat(String.valueOf(value)).isEqualTo(text);
        } catch (ExtguardException e) {
            assertThat(e.getMessage()).startsWith("EXTGUARD_CONCURRENCY=");
        }
    }
}
