// Prints the failed tests of a TRX file with the first lines of their messages, so the tail of a long CI log
// names what failed (the console logger prints failures inline, thousands of lines above the end).
import { readFileSync } from "node:fs";

const xml = readFileSync(process.argv[2], "utf8");
const unescape = s => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const results = xml.match(/<UnitTestResult\b[\s\S]*?(?:<\/UnitTestResult>|\/>)/g) ?? [];
const failed = results.filter(r => /\boutcome="Failed"/.test(r));
console.log(`\n${failed.length} failed test(s):`);
for (const r of failed) {
  const name = unescape(/\btestName="([^"]*)"/.exec(r)?.[1] ?? "?");
  const message = unescape(/<Message>([\s\S]*?)<\/Message>/.exec(r)?.[1] ?? "").split("\n").slice(0, 8).join("\n    ");
  console.log(`- ${name}\n    ${message}`);
}
