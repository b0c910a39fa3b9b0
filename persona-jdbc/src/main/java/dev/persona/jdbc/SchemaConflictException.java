package dev.persona.jdbc;

import dev.persona.store.StoreException;
import java.util.List;

/**
 * An existing database cannot be adopted as it is: its data blocks a constraint Persona needs
 * (duplicates, rows referring to nothing, empty required columns) or a column has another type.
 * Nothing was changed. The message lists every blocker with the table, the constraint and how many
 * rows are involved (never their content), and what to do; fix them and migrate again.
 */
public class SchemaConflictException extends StoreException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> blockers;

  /**
   * Creates the exception.
   *
   * @param schema the schema
   * @param blockers each blocker, in words
   */
  public SchemaConflictException(String schema, List<String> blockers) {
    super("schema '" + schema + "' holds the original system's tables, but cannot take Persona's constraints as it is;"
        + " nothing was changed. Fix these and run the migration again: " + String.join("; ", blockers), null);
    this.blockers = List.copyOf(blockers);
  }

  /**
   * Every blocker, in words.
   *
   * @return at least one
   */
  public List<String> blockers() {
    return blockers;
  }
}
