package dev.persona.jobs;

import dev.persona.ValidationException;
import java.math.BigDecimal;

/**
 * What a model costs, in US dollars per million tokens.
 *
 * @param input prompt tokens
 * @param cachedInput prompt tokens the provider served from its cache
 * @param output completion tokens
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {

  /** Validates the prices. */
  public Price {
    for (BigDecimal p : new BigDecimal[] {input, cachedInput, output}) {
      if (p == null || p.signum() < 0) {
        throw ValidationException.of("price", "every price is required and must not be negative");
      }
    }
  }

  /**
   * A price from dollar amounts given as text, for example {@code Price.of("2.50", "1.25", "10.00")}.
   *
   * @param input per million prompt tokens
   * @param cachedInput per million cached prompt tokens
   * @param output per million completion tokens
   * @return the price
   */
  public static Price of(String input, String cachedInput, String output) {
    try {
      return new Price(new BigDecimal(input), new BigDecimal(cachedInput), new BigDecimal(output));
    } catch (NumberFormatException | NullPointerException e) {
      throw ValidationException.of("price", "must be decimal numbers such as 2.50");
    }
  }
}
