package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * With no password configured, one is generated, logged once, and is the one that works.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedPasswordTests {

    private static final Pattern LOGGED = Pattern.compile("generated one for user 'admin': (\\S+)");

    private final SecurityConfiguration security = new SecurityConfiguration();

    private final PasswordEncoder encoder = security.passwordEncoder();

    @Test
    void emptyPasswordIsGeneratedAndLoggedOnce(CapturedOutput output) {
        UserDetails admin = security
            .adminUserDetailsService(new AdminProperties("admin", "", false, AdminProperties.LoginThrottle.DEFAULT),
                    encoder)
            .loadUserByUsername("admin");
        Matcher matcher = LOGGED.matcher(output.getAll());
        assertThat(matcher.find()).as("password logged").isTrue();
        String password = matcher.group(1);
        assertThat(matcher.find()).as("logged once").isFalse();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(encoder.matches(password, admin.getPassword())).isTrue();
        assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
    }

    @Test
    void configuredPasswordIsUsedAndNotLogged(CapturedOutput output) {
        UserDetails admin = security
            .adminUserDetailsService(
                    new AdminProperties("ops", "s3cret-value", false, AdminProperties.LoginThrottle.DEFAULT), encoder)
            .loadUserByUsername("ops");
        assertThat(encoder.matches("s3cret-value", admin.getPassword())).isTrue();
        assertThat(output.getAll()).doesNotContain("s3cret-value").doesNotContain("generated one");
    }

    @Test
    void anEncodedPasswordIsStoredAsGiven() {
        String hash = encoder.encode("kept-out-of-config");
        UserDetails admin = security
            .adminUserDetailsService(new AdminProperties("ops", hash, false, AdminProperties.LoginThrottle.DEFAULT),
                    encoder)
            .loadUserByUsername("ops");
        assertThat(admin.getPassword()).isEqualTo(hash);
        assertThat(encoder.matches("kept-out-of-config", admin.getPassword())).isTrue();
        assertThat(encoder.matches(hash, admin.getPassword())).isFalse();
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(SecurityConfiguration.generatePassword()).isNotEqualTo(SecurityConfiguration.generatePassword());
    }

}
