package io.peergate.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request that a browser sent on behalf of another site: one
 * whose {@code Sec-Fetch-Site} says {@code cross-site} or {@code same-site}, or whose
 * {@code Origin} names another origin than the node's. A browser that has the admin's
 * Basic credentials cached would otherwise carry out a form posted from any page. API
 * clients (curl, scripts, Prometheus) send neither header and are not affected. Behind a
 * reverse proxy that changes the scheme or host, set
 * {@code server.forward-headers-strategy} so the node knows its own origin.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteRequestFilter.class);

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /**
     * What a browser says of a request it makes for a page of the node itself, or typed
     * in by its user.
     */
    private static final Set<String> OWN_FETCHES = Set.of("same-origin", "none");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusal(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        log.debug("{} {} from {} refused: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                refusal);
        Problems.write(response, HttpServletResponse.SC_FORBIDDEN, request.getRequestURI(),
                "Cross-site request refused: " + refusal + ".");
    }

    private static String refusal(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !OWN_FETCHES.contains(fetchSite.toLowerCase(Locale.ROOT))) {
            return "Sec-Fetch-Site is " + fetchSite.toLowerCase(Locale.ROOT);
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
            return "Origin is another site";
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

}
