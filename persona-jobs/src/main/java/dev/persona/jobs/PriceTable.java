package dev.persona.jobs;

import dev.persona.ValidationException;
import dev.persona.llm.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model, supplied by the host (Persona ships none: prices change). Costs are computed in
 * micro-dollars (one millionth of a dollar) and rounded up.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder()
 *     .price("gpt-4o-2024-08-06", Price.of("2.50", "1.25", "10.00"))
 *     .price("gpt-4o-mini", Price.of("0.15", "0.075", "0.60"))
 *     .build();
 * }</pre>
 */
public final class PriceTable {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Map<String, Price> prices;
  private final Map<String, Price> batchPrices;

  private PriceTable(Map<String, Price> prices, Map<String, Price> batchPrices) {
    this.prices = Map.copyOf(prices);
    this.batchPrices = Map.copyOf(batchPrices);
  }

  /**
   * An empty table: costs are unknown.
   *
   * @return the table
   */
  public static PriceTable none() {
    return new PriceTable(Map.of(), Map.of());
  }

  /**
   * Starts a table.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The price of a model.
   *
   * @param model the model id, as the provider reports it
   * @return the price, or empty when the table has none
   */
  public Optional<Price> price(String model) {
    return model == null ? Optional.empty() : Optional.ofNullable(prices.get(model));
  }

  /**
   * What tokens cost on a model, in micro-dollars.
   *
   * @param model the model
   * @param usage the tokens
   * @return the cost, or empty when the model has no price
   */
  public Optional<Long> costMicros(String model, TokenUsage usage) {
    return usage == null ? Optional.empty() : price(model).map(p -> micros(p, usage));
  }

  /**
   * What tokens answered through the batch API cost on a model: its batch price, or its price when
   * the table has no batch price.
   *
   * @param model the model
   * @param usage the tokens
   * @return the cost, or empty when the model has no price at all
   */
  public Optional<Long> batchCostMicros(String model, TokenUsage usage) {
    if (model == null || usage == null) {
      return Optional.empty();
    }
    Price p = batchPrices.get(model);
    return p != null ? Optional.of(micros(p, usage)) : costMicros(model, usage);
  }

  private static long micros(Price p, TokenUsage usage) {
    long cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
    BigDecimal dollars = p.input().multiply(BigDecimal.valueOf(usage.promptTokens() - cached))
        .add(p.cachedInput().multiply(BigDecimal.valueOf(cached)))
        .add(p.output().multiply(BigDecimal.valueOf(usage.completionTokens())))
        .divide(MILLION);
    return dollars.multiply(MILLION).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @Override
  public String toString() {
    return "PriceTable" + prices.keySet();
  }

  /** Builds a {@link PriceTable}. */
  public static final class Builder {
    private final Map<String, Price> prices = new LinkedHashMap<>();
    private final Map<String, Price> batchPrices = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets a model's price through the batch API (OpenAI's is half the price).
     *
     * @param model the model id
     * @param price its batch price
     * @return this builder
     */
    public Builder batchPrice(String model, Price price) {
      if (model == null || model.isBlank() || price == null) {
        throw ValidationException.of("price", "a model and a price are required");
      }
      batchPrices.put(model.strip(), price);
      return this;
    }

    /**
     * Sets a model's price.
     *
     * @param model the model id
     * @param price its price
     * @return this builder
     */
    public Builder price(String model, Price price) {
      if (model == null || model.isBlank() || price == null) {
        throw ValidationException.of("price", "a model and a price are required");
      }
      prices.put(model.strip(), price);
      return this;
    }

    /**
     * Builds the table.
     *
     * @return the table
     */
    public PriceTable build() {
      return new PriceTable(prices, batchPrices);
    }
  }
}
