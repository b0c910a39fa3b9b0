package dev.persona.examples.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the requests one client address has in progress. Tomcat's NIO connector holds no thread
 * while a connection waits for its headers; a request does hold one while its body arrives, so a
 * client sending bodies slowly can hold at most this many threads, and everyone else is served.
 */
final class ClientGate extends OncePerRequestFilter {

  private static final byte[] BUSY = ("{\"error\":{\"code\":\"too_many_connections\",\"message\":"
      + "\"too many requests in progress from this client\",\"fields\":[]}}").getBytes(StandardCharsets.UTF_8);

  private final int maxInFlight;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  ClientGate(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = request.getRemoteAddr();
    AtomicInteger count = inFlight.compute(client, (k, v) -> {
      AtomicInteger c = v == null ? new AtomicInteger() : v;
      c.incrementAndGet();
      return c;
    });
    try {
      if (count.get() > maxInFlight) {
        response.setStatus(429);
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(BUSY);
        return;
      }
      chain.doFilter(request, response);
    } finally {
      inFlight.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }
  }
}
