/** Hints under the fields the server's password and display-name rules apply to. */

/** The server refuses short passwords and those zxcvbn finds easy to guess, saying why. */
export const NEW_PASSWORD_HINT = "At least 10 characters and hard to guess: a few unrelated words work well.";

/** The server refuses line breaks and links in a name (it is written into mail). */
export const DISPLAY_NAME_HINT = "One line of text, without links.";
