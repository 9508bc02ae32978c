/**
 * Start-up loading of an application's secrets from Coffer: settings from the environment and an
 * optional {@code .env}-style file, strict or lenient failure handling, and an encrypted last-good cache.
 * See {@link dev.coffer.sdk.bootstrap.CofferBootstrap}.
 */
package dev.coffer.sdk.bootstrap;
