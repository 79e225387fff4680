package io.watchkeeper.probe;

import io.watchkeeper.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials an HTTP check sends: none, {@code basic_auth} or an {@code authorization} header
 * ({@code Bearer} by default). Secrets print as {@code <secret>}.
 */
public sealed interface HttpAuth {
  /** No credentials. */
  HttpAuth NONE = new None();

  /** The Authorization header value, if any. */
  Optional<String> headerValue();

  /** Sends nothing. */
  record None() implements HttpAuth {
    @Override
    public Optional<String> headerValue() {
      return Optional.empty();
    }
  }

  /** {@code basic_auth: {username, password | password_file}}. */
  record Basic(String username, Secret password) implements HttpAuth {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Optional<String> headerValue() {
      String pair = username + ":" + password.reveal();
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** {@code authorization: {type: Bearer, credentials | credentials_file}}. */
  record Token(String type, Secret credentials) implements HttpAuth {
    public Token {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(credentials, "credentials");
      if (type.isBlank() || type.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("authorization type must be one word, got \"" + type + "\"");
      }
    }

    @Override
    public Optional<String> headerValue() {
      return Optional.of(type + " " + credentials.reveal());
    }
  }
}
