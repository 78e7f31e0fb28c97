package dev.customers.archfixtures;

import dev.customers.http.ApiSettings;

/** An embedder's call of the member {@link dev.customers.server.archfixtures.ServerOnlyCall} makes: the rule holds. */
public final class EmbedderSettingTheBodyLimit {

  static ApiSettings settings() {
    return ApiSettings.builder().maxBodyBytes(1024).build();
  }
}
