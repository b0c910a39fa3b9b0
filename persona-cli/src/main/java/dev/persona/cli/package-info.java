/**
 * The {@code persona} command line: {@code migrate}, {@code import}, {@code learner}, {@code
 * regenerate} and {@code adopt} on PostgreSQL. Run it as {@code java -jar persona-cli-<version>-all.jar}.
 */
@NullMarked
package dev.persona.cli;

import org.jspecify.annotations.NullMarked;
