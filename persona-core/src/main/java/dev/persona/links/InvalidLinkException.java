package dev.persona.links;

import dev.persona.PersonaException;

/** A lesson link that does not verify. The message says why, never what the link contained. */
public final class InvalidLinkException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /** Why a link was refused. */
  public enum Reason {
    /** The signature is missing or not in the {@code <key id>.<base64url>} form. */
    MALFORMED,
    /** The key id names no key the signer has (retired, or never issued). */
    UNKNOWN_KEY,
    /** The signature does not match the link's parts. */
    BAD_SIGNATURE,
    /** The link has expired. */
    EXPIRED,
    /** The expiry is further away than the signer's maximum lifetime allows. */
    LIFETIME_TOO_LONG
  }

  private final Reason reason;

  InvalidLinkException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Why the link was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
