/** Coffer's Java client. Works against Coffer and any server speaking Infisical's REST API. */
package dev.coffer.sdk;
