// A trainee's decision point: when their team's run stops at one, the question shows above the page with its
// choices and a free-text answer; the run plays on only when the facilitator resumes it.
import { h, fill } from "./dom.js";
import { request, post } from "./api.js";

const POLL_MS = 2000;

export class DecisionBanner {
  constructor(root) {
    this.root = root;
    this.open = null;
  }

  start() {
    this.poll();
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  async poll() {
    let question = null;
    try {
      question = await request("GET", "/api/decisions"); // 204 (no open question) reads as null
    } catch {
      return; // the next poll tries again
    }
    const key = question ? `${question.point}@${question.at}` : null;
    if (key === this.open) return;
    this.open = key;
    this.root.hidden = !question;
    if (question) this.show(question);
    else this.root.replaceChildren();
  }

  show(q) {
    const text = h("textarea", { name: "answer", rows: 2, cols: 60, placeholder: "What do you do now, and why?" });
    const choices = q.choices.map((c) => h("label", {}, h("input", { type: "radio", name: "choice", value: c }), c));
    const message = h("p", { class: "form-message", role: "status" });
    const form = h("form", { class: "decision-form" }, h("h2", {}, "Decision point"), h("p", { class: "question" }, q.question),
      choices.length ? h("fieldset", {}, h("legend", {}, "Choose"), choices) : null, text,
      h("button", { type: "submit", class: "primary" }, "Answer"), message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const choice = form.querySelector("input[name=choice]:checked")?.value;
      try {
        await post("/api/decisions", { point: q.point, answer: text.value, choice });
        fill(this.root, h("p", { class: "notice", role: "status" }, "Answer recorded. The exercise resumes when the facilitator says so."));
      } catch (failure) {
        message.textContent = failure.message;
      }
    });
    fill(this.root, form);
  }
}
