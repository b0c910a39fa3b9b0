package dev.persona;

/**
 * A provider call was never sent (or its answer was abandoned): the circuit is open, the service is
 * closing, or the run it belonged to was stopped. Nothing was spent on it, and nothing is stored
 * because of it.
 */
final class CallNotSentException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Whether the run the call belonged to is cut short (the service closed, or the run was stopped),
   * as opposed to one call refused by an open circuit.
   */
  private final boolean cutsRunShort;

  CallNotSentException(String reason, boolean cutsRunShort) {
    super(reason);
    this.cutsRunShort = cutsRunShort;
  }

  boolean cutsRunShort() {
    return cutsRunShort;
  }
}
