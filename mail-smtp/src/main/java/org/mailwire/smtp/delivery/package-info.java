// SPDX-License-Identifier: Apache-2.0
/**
 * Outbound delivery: the durable queue, routing through DNS MX, retries and bounces.
 *
 * <pre>
 *  SMTP server ──► DeliveryHandler ──► local domains: LocalDelivery ──► MailStore (INBOX)
 *                        │
 *                        └──► DeliveryQueue (fsynced before 250) ──► OutboundDelivery
 *                                                                     │  group by domain
 *                                             MxResolver (RFC 5321 §5.1, RFC 7505)
 *                                                                     │  exchangers in order
 *                                                              RemoteTransport (SMTP client)
 *                              4xx / timeout / SERVFAIL ─► RetrySchedule ─► later
 *                              5xx / NXDOMAIN / null MX / expired ─► DeliveryReport (RFC 3464)
 *                                                                    to the sender, from &lt;&gt;
 * </pre>
 *
 * <p>{@link org.mailwire.smtp.delivery.DeliveryQueue} keeps each message as a content file and
 * an envelope record; {@link org.mailwire.smtp.delivery.OutboundDelivery} delivers it;
 * {@link org.mailwire.smtp.delivery.DeliveryReport} writes the bounce with the cause in plain
 * words ("User unknown", "Host unknown", "Message size exceeds remaining quota", "Message
 * exceeds maximum fixed size", "Name server timeout") and the remote reply quoted.
 */
package org.mailwire.smtp.delivery;
