package dev.persona.jobs;

import dev.persona.ValidationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * How much a run may spend, in tokens, in US dollars, or both; whichever is reached first stops the
 * run. Dollars need a {@link PriceTable} entry for the service's model.
 *
 * @param tokens the most tokens (prompt plus completion), or {@code null}
 * @param micros the most micro-dollars, or {@code null}
 */
public record Budget(@Nullable Long tokens, @Nullable Long micros) {

  /** Validates the budget. */
  public Budget {
    if (tokens == null && micros == null) {
      throw ValidationException.of("budget", "needs tokens or dollars");
    }
    if ((tokens != null && tokens < 1) || (micros != null && micros < 1)) {
      throw ValidationException.of("budget", "must be positive");
    }
  }

  /**
   * A budget in tokens.
   *
   * @param tokens the most tokens, positive
   * @return the budget
   */
  public static Budget tokens(long tokens) {
    return new Budget(tokens, null);
  }

  /**
   * A budget in US dollars.
   *
   * @param dollars for example {@code "12.50"}
   * @return the budget
   */
  public static Budget usd(String dollars) {
    try {
      return new Budget(null, new BigDecimal(dollars.strip()).movePointRight(6).setScale(0, RoundingMode.DOWN)
          .longValueExact());
    } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
      throw ValidationException.of("budget", "must be an amount in dollars such as 12.50");
    }
  }
}
