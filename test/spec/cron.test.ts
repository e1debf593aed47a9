import { describe, expect, it } from "vitest";
import { cronProblem, isTimeZone, longestGapSeconds } from "../../spec/cron.js";

describe("cron schedules", () => {
  it.each(["*/15 * * * *", "30 2 * * *", "0 3 * * 1-5", "0 0 1,15 * *", "0 12 * JAN-MAR MON", "5 4 ? * SUN", "0 0 * * 7", "@daily", "@Hourly", "0-30/10 8-18 * * *"])("accepts %j", (schedule) => {
    expect(cronProblem(schedule)).toBeUndefined();
  });

  it.each([
    ["61 * * * *", "minute 61 is out of range 0–59"],
    ["* 24 * * *", "hour 24 is out of range 0–23"],
    ["0 0 0 * *", "day of month 0 is out of range 1–31"],
    ["0 0 * 13 *", "month 13 is out of range 1–12"],
    ["0 0 * * 8", "day of week 8 is out of range 0–7"],
    ["* * * *", "has 4 fields; a schedule has 5"],
    ["*/0 * * * *", 'minute "*/0": a step of 0 never fires'],
    ["0 5-1 * * *", 'hour "5-1" runs backwards'],
    ["0 0 * FOO *", 'month "FOO" is not a number or a name (JAN'],
    ["? * * * *", 'minute "?" is not a number'],
    ["@every 5m", "@every is not supported by Kubernetes"],
    ["@fortnightly", "@fortnightly is not a schedule descriptor"],
    ["TZ=Europe/Paris 0 3 * * *", "names a time zone in the schedule, which Kubernetes refuses: set timeZone instead"],
  ])("refuses %j: %s", (schedule, problem) => {
    expect(cronProblem(schedule)).toContain(problem);
  });

  it.each([
    ["*/15 * * * *", 15 * 60],
    ["30 2 * * *", 24 * 3600],
    ["0 3 * * 1-5", 72 * 3600],
    ["0 0 1 * *", 31 * 24 * 3600],
    ["0 12 1 * MON", 7 * 24 * 3600],
    ["@weekly", 7 * 24 * 3600],
    ["@yearly", 366 * 24 * 3600],
  ])("the longest gap between runs of %j is %i s", (schedule, seconds) => {
    expect(longestGapSeconds(schedule)).toBe(seconds);
  });

  it("knows IANA time zones", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
