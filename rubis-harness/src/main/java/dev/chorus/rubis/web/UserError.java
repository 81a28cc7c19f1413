package dev.chorus.rubis.web;

/**
 * A request RUBiS cannot serve because of what the client sent (a missing or malformed parameter, a failed login, an
 * item that does not exist, a bid below the minimum): the servlet answers with an ERROR page (HTTP 200, title
 * {@code RUBiS ERROR: message}) carrying this message. Not logged: the emulator provokes some on purpose.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message, null, false, false);
    }

    /** The login failure message of every authenticating servlet. */
    static UserError noAccount() {
        return new UserError("You don't have an account on RUBiS! You have to register first.");
    }
}
