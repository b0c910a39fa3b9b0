package dev.persona.cli;

import dev.persona.model.JsonValue;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files the commands take, with messages that name the file. */
final class Files {

  /** The largest input file accepted. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private Files() {}

  static JsonValue json(Path file) {
    try {
      if (java.nio.file.Files.size(file) > MAX_BYTES) {
        throw new CliException(PersonaCli.USAGE, file + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
      }
      return JsonValue.parse(java.nio.file.Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CliException(PersonaCli.USAGE, "no such file: " + file);
    } catch (MalformedInputException e) {
      throw new CliException(PersonaCli.USAGE, file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new CliException(PersonaCli.USAGE, "cannot read " + file + ": " + e.getClass().getSimpleName());
    } catch (dev.persona.ValidationException e) {
      throw new CliException(PersonaCli.USAGE, file + ": " + e.getMessage());
    }
  }
}
