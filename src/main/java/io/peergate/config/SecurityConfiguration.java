package io.peergate.config;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP security: {@code /admin/**} and every actuator endpoint but health, info and
 * prometheus need HTTP Basic with role ADMIN. Stateless, so API clients need neither a
 * session cookie nor a CSRF token. Refusals are problem details like every other admin
 * error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String ADMIN_ROLE = "ADMIN";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain peergateSecurityFilterChain(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
        http.authorizeHttpRequests(
                requests -> requests.requestMatchers(EndpointRequest.to("health", "info", "prometheus"))
                    .permitAll()
                    .requestMatchers(EndpointRequest.toAnyEndpoint())
                    .hasRole(ADMIN_ROLE)
                    .requestMatchers("/admin/**")
                    .hasRole(ADMIN_ROLE)
                    .requestMatchers("/error")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
            .httpBasic(basic -> basic.realmName("peergate").authenticationEntryPoint((request, response, e) -> {
                response.setHeader("WWW-Authenticate", "Basic realm=\"peergate\"");
                writeProblem(jsonMapper, response, HttpStatus.UNAUTHORIZED, request.getRequestURI(),
                        "Valid admin credentials (HTTP Basic) are required.");
            }))
            .exceptionHandling(
                    handling -> handling.accessDeniedHandler((request, response, e) -> writeProblem(jsonMapper,
                            response, HttpStatus.FORBIDDEN, request.getRequestURI(), "Role ADMIN is required.")))
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .requestCache(cache -> cache.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable());
        return http.build();
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
        return new InMemoryUserDetailsManager(
                User.withUsername(admin.username()).password(encoder.encode(password)).roles(ADMIN_ROLE).build());
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writeProblem(JsonMapper jsonMapper, HttpServletResponse response, HttpStatus status,
            String path, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(path));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }

}
