// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.memory;

import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreContract;

/** Runs the store contract against the in-memory store. */
class InMemoryMailStoreTest extends MailStoreContract {

    @Override
    protected MailStore newStore() {
        return MailStore.inMemory(SETTINGS);
    }
}
