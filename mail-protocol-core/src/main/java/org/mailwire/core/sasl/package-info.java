// SPDX-License-Identifier: Apache-2.0
/**
 * SASL mechanisms (RFC 4422), client and server side, sans-IO: each exchange consumes the
 * peer's decoded message and produces the next one, with no sockets and no base64 framing (the
 * protocol carries those).
 */
package org.mailwire.core.sasl;
