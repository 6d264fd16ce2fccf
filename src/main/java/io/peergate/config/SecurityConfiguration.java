package io.peergate.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP security: {@code /admin/**} and every actuator endpoint but health, info and
 * prometheus need HTTP Basic with role ADMIN. Stateless, so API clients need neither a
 * session cookie nor a CSRF token. Refusals are problem details like every other admin
 * error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String ADMIN_ROLE = "ADMIN";

    /**
     * A password given with its encoding, as Spring Security stores them:
     * {@code {bcrypt}...}, {@code {noop}...}.
     */
    private static final Pattern ENCODED = Pattern.compile("^\\{[a-z0-9]+}.*$");

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain peergateSecurityFilterChain(HttpSecurity http, AdminProperties admin, MeterRegistry meters)
            throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers(EndpointRequest.to("health", "info")).permitAll();
            if (admin.protectPrometheus()) {
                requests.requestMatchers(EndpointRequest.to("prometheus")).hasRole(ADMIN_ROLE);
            }
            else {
                requests.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
            }
            requests.requestMatchers(EndpointRequest.toAnyEndpoint())
                .hasRole(ADMIN_ROLE)
                .requestMatchers("/admin/**")
                .hasRole(ADMIN_ROLE)
                .requestMatchers("/error")
                .permitAll()
                .anyRequest()
                .denyAll();
        })
            .addFilterBefore(new CrossSiteRequestFilter(), BasicAuthenticationFilter.class)
            .addFilterBefore(
                    new LoginThrottleFilter(new LoginThrottle(admin.loginThrottle(), Clock.systemUTC()), meters),
                    BasicAuthenticationFilter.class)
            .httpBasic(basic -> basic.realmName("peergate").authenticationEntryPoint((request, response, e) -> {
                response.setHeader("WWW-Authenticate", "Basic realm=\"peergate\"");
                Problems.write(response, HttpStatus.UNAUTHORIZED.value(), request.getRequestURI(),
                        "Valid admin credentials (HTTP Basic) are required.");
            }))
            .exceptionHandling(handling -> handling.accessDeniedHandler((request, response, e) -> Problems
                .write(response, HttpStatus.FORBIDDEN.value(), request.getRequestURI(), "Role ADMIN is required.")))
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .requestCache(cache -> cache.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable());
        return http.build();
    }

    /**
     * Requests the firewall refuses (an encoded or doubled slash, a semicolon, a
     * backslash in the path) get a 400 problem detail; they are logged at DEBUG only,
     * since anyone can send them.
     */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, e) -> {
            log.debug("{} {} from {} refused by the firewall: {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), e.getMessage());
            Problems.write(response, HttpStatus.BAD_REQUEST.value(), null,
                    "The request path is not acceptable: " + e.getMessage());
        };
    }

    /** Tomcat's own refusals (before any servlet) as problem details too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    InfoContributor peergateInfoContributor(Environment environment, ObjectProvider<BuildProperties> build) {
        return new PeergateInfoContributor(environment.getProperty("spring.application.name", "peergate"),
                build.getIfAvailable());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUserDetailsService(AdminProperties admin, PasswordEncoder encoder) {
        String password = admin.password();
        if (password.isEmpty()) {
            password = generatePassword();
            log.warn(
                    "No admin password configured; generated one for user '{}': {} "
                            + "(set peergate.admin.password or PEERGATE_ADMIN_PASSWORD to choose your own)",
                    admin.username(), password);
        }
        // A value such as {bcrypt}$2a$10$... is stored already encoded: the configuration
        // need not hold the password.
        String stored = ENCODED.matcher(password).matches() ? password : encoder.encode(password);
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername(admin.username()).password(stored).roles(ADMIN_ROLE).build());
        // Only the lookup: as a UserDetailsPasswordService the manager would have Spring
        // Security re-encode a configured {noop} or {sha256} password to BCrypt in memory
        // on first login, which keeps nothing and costs BCrypt on every later request.
        return users::loadUserByUsername;
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
