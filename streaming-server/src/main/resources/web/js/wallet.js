// The signed-in user's coins: balance to spend and earnings from gifts, shown wherever needed.

export class Wallet {
  balance = null;
  earnings = null;
  #signaling;
  #listeners = [];

  constructor(signaling) {
    this.#signaling = signaling;
  }

  subscribe(listener) {
    this.#listeners.push(listener);
    listener(this.balance, this.earnings);
  }

  async refresh() {
    try {
      const wallet = await this.#signaling.request("wallet.balance");
      this.earnings = wallet.earnings;
      this.set(wallet.balance);
    } catch {
      // The balance stays as last known; the next refresh (picker opened, reconnect) tries again.
    }
  }

  set(balance) {
    this.balance = balance;
    for (const listener of this.#listeners) listener(this.balance, this.earnings);
  }
}
