package dev.customers.server.archfixtures;

import dev.customers.http.ApiSettings;

/**
 * Server code calling a public member of an adapter ({@code ApiSettings.Builder.maxBodyBytes}) that, among the
 * classes ArchitectureViolationsTest imports with it, nothing outside the server calls: breaks a rule on purpose.
 */
public final class ServerOnlyCall {

  static ApiSettings settings() {
    return ApiSettings.builder().maxBodyBytes(1024).build();
  }
}
