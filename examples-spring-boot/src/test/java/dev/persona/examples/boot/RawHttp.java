package dev.persona.examples.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, from a chosen loopback address (127.0.0.x): the JDK client cannot pick
 * its source address, and the API limits per client address. Also sends what no well-behaved client
 * would.
 */
final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  Socket connect(String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  Reply send(String from, String method, String path, Map<String, String> headers, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (!body.isEmpty() || method.equals("POST") || method.equals("DELETE")) {
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    head.append("\r\n");
    return exchange(from, head.toString().getBytes(StandardCharsets.UTF_8), bytes);
  }

  Reply exchange(String from, byte[] head, byte[] body) throws IOException {
    try (Socket s = connect(from)) {
      OutputStream out = s.getOutputStream();
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      try {
        out.write(all);
        out.flush();
      } catch (IOException e) {
        // the server answered (a 413, say) and closed before reading all of it: the answer is there to read
      }
      return read(s.getInputStream());
    }
  }

  static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      in.transferTo(all);
    } catch (IOException e) {
      if (all.size() == 0) {
        throw e;
      }
      // a reset after the answer (the server closed with our unread bytes in its buffer)
    }
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer: " + text);
    }
    List<String> lines = List.of(text.substring(0, end).split("\r\n", -1));
    int status = Integer.parseInt(lines.get(0).substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      StringBuilder b = new StringBuilder();
      int pos = 0;
      while (true) {
        int nl = body.indexOf("\r\n", pos);
        int size = Integer.parseInt(body.substring(pos, nl).strip(), 16);
        if (size == 0) {
          break;
        }
        // sizes count bytes; bodies here are ASCII JSON with \\u escapes or UTF-8 text, so decode per chunk
        byte[] rest = body.substring(nl + 2).getBytes(StandardCharsets.UTF_8);
        String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
        b.append(chunk);
        pos = nl + 2 + chunk.length() + 2;
      }
      body = b.toString();
    }
    return new Reply(status, headers, body);
  }
}
