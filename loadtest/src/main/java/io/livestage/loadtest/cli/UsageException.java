package io.livestage.loadtest.cli;

/** The command line is wrong; the message says how, in words meant for the person who typed it. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
