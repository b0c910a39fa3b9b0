package dev.persona.jobs;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.nio.charset.StandardCharsets;

/** Task data as UTF-8 text (JSON written by Persona), never Java serialization. */
final class StringSerializer implements Serializer {

  @Override
  public byte[] serialize(Object data) {
    if (!(data instanceof String s)) {
      throw new IllegalArgumentException("Persona's tasks carry text only");
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <T> T deserialize(Class<T> type, byte[] bytes) {
    if (type != String.class) {
      throw new IllegalArgumentException("Persona's tasks carry text only");
    }
    return type.cast(new String(bytes, StandardCharsets.UTF_8));
  }
}
