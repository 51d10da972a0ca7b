/**
 * Courses every install starts with, so Learn has something to read on day one. The server
 * seeds them; the client puts the same rows (same fixed ids) into IndexedDB when missing, so a
 * fresh offline install has them and a `lesson_complete` event names the same lesson everywhere.
 * Ids are permanent: renaming one would orphan people's progress.
 */
export interface StarterLesson {
  id: string;
  title: string;
  duration_minutes: number;
  content: string;
}

export interface StarterCourse {
  id: string;
  title: string;
  description: string;
  category: string;
  difficulty: string;
  estimated_hours: number;
  lessons: StarterLesson[];
}

export const STARTER_COURSES: StarterCourse[] = [
  {
    id: 'course-getting-started',
    title: 'Getting started with Ignition',
    description: 'A short tour: what each area is for, how XP and levels work, and how the app keeps working with no signal.',
    category: 'Ignition',
    difficulty: 'beginner',
    estimated_hours: 1,
    lessons: [
      {
        id: 'lesson-gs-1-welcome',
        title: 'Your life as a game you can win',
        duration_minutes: 5,
        content: `# Your life as a game you can win

Ignition turns the small things you already want to do — focusing, moving, learning, reading — into **experience points (XP)** and **coins**.

## The loop

1. **Do a real thing.** Finish a focus session, log a workout, complete a habit, read some pages.
2. **Earn XP and coins.** XP raises your overall level and one of five skills; coins buy rewards you define in the Market.
3. **Come back tomorrow.** Streaks and daily quests reward consistency over intensity.

## The five skills

| Skill | Grows from |
|---|---|
| Knowledge | focus, lessons, flashcards, reading |
| Guts | workouts and personal records |
| Proficiency | habits and your planner |
| Kindness | habits and goals that name it |
| Charm | journaling |

> The numbers are a mirror, not a master. If a reward ever pushes you to do something pointless, skip it.

Mark this lesson complete below to earn your first lesson XP.`,
      },
      {
        id: 'lesson-gs-2-offline',
        title: 'It works with no signal',
        duration_minutes: 4,
        content: `# It works with no signal

Everything you do in Ignition is saved on your device first, then synced when a connection is there.

- **Offline is normal.** On a train, in a gym basement or on a plane, keep going: timers, logs, reviews and lessons all work.
- **The sync chip** in the top bar tells you whether changes are waiting. "Synced" means the server has everything.
- **Two devices are fine.** Edit on your phone and your laptop; when both sync, each field keeps its latest edit.

## Why the XP can change a little after syncing

While offline, the app *estimates* your rewards with the same rules the server uses. When you sync, the server checks them against your real data (for example daily caps) and its figure becomes the official one. Usually they match exactly.

## Install it

In your browser's menu choose **Install app** or **Add to Home Screen**. It then opens like any other app, even offline.`,
      },
      {
        id: 'lesson-gs-3-first-day',
        title: 'A good first day',
        duration_minutes: 6,
        content: `# A good first day

Don't set up everything at once. Pick **three** things and do them today.

## A starter plan

1. **One habit.** Go to *Habits* and add something tiny: "Drink a glass of water after waking" or "Read one page". Tiny habits survive bad days.
2. **One focus session.** Open *Focus*, pick 25 minutes, and work on one thing you have been avoiding. Breaks earn nothing — that's intentional.
3. **One reward.** In the *Market*, add something you'd genuinely enjoy ("Order takeaway", "An episode guilt-free") and price it so it takes a few days of effort.

## Then, over the week

- Add a **goal** with two or three milestones.
- Create a **flashcard deck** for something you're learning and review it when cards are due.
- Write a few lines in your **journal** in the evening: what went well, what to change.

Progress compounds. A level a week is a great pace.`,
      },
      {
        id: 'lesson-gs-4-quests',
        title: 'Quests, streaks and keeping it fun',
        duration_minutes: 4,
        content: `# Quests, streaks and keeping it fun

## Quests

Daily and weekly quests appear on the *Quests* page. They track things you were going to do anyway — two focus sessions, a workout, three planned events — and pay a bonus when complete. You don't claim them: they complete themselves.

## Streaks

A habit's streak counts consecutive days (or weeks) you met its target. Streaks of 7, 14, 30, 60, 100 and 365 pay bonus XP.

**If you break a streak, start again tomorrow.** The best streak is remembered; the current one is just a number.

## Keeping it fun

- Prefer *small and daily* to *heroic and rare*.
- Spend your coins. Rewards are part of the design, not a failure of discipline.
- Review your week on the *Progress* page and adjust what isn't working.`,
      },
    ],
  },
  {
    id: 'course-habits-that-last',
    title: 'Building habits that last',
    description: 'The practical science of habits: make them tiny, tie them to cues, design your surroundings and recover from missed days.',
    category: 'Habits',
    difficulty: 'beginner',
    estimated_hours: 1,
    lessons: [
      {
        id: 'lesson-hb-1-loop',
        title: 'Cue, routine, reward',
        duration_minutes: 6,
        content: `# Cue, routine, reward

A habit is a behaviour that runs with little thought because it is triggered by a **cue** and followed by something your brain values.

- **Cue:** a time, a place, an emotion, or something you just did.
- **Routine:** the behaviour itself.
- **Reward:** the feeling afterwards — relief, pride, a tick on a list, XP.

## Why willpower isn't the plan

Motivation rises and falls with sleep, stress and mood. A habit that depends on feeling motivated will fail on the days you most need it. Habits that last lean on **cues and ease** instead.

## Try it

Pick one habit you want. Write down:

1. The cue: *"After I …"*
2. The smallest version of the routine.
3. What you'll feel or get right after.

Then add it in *Habits* with that name, e.g. **"After coffee: 2 minutes of stretching"**.`,
      },
      {
        id: 'lesson-hb-2-tiny',
        title: 'Start tiny, then grow',
        duration_minutes: 5,
        content: `# Start tiny, then grow

The most reliable way to build a habit is to make the first version **embarrassingly small**.

- "Run 5 km" → **"Put on running shoes and step outside"**
- "Meditate 20 minutes" → **"Sit and take three slow breaths"**
- "Write every day" → **"Write one sentence"**

## Why it works

A tiny habit is done even on your worst day, so the *identity* — "I'm someone who runs" — keeps getting votes. Once the habit is automatic, growing it is easy: you'll often do more than the minimum anyway.

## The two-minute rule

If the starter version takes longer than two minutes, shrink it. You can always do more; the point is never doing *zero*.

## Scale up slowly

When the habit has held for two weeks, increase it by about 10 %. If you start missing days, step back down — no shame, just adjustment.`,
      },
      {
        id: 'lesson-hb-3-stacking',
        title: 'Habit stacking and environment',
        duration_minutes: 6,
        content: `# Habit stacking and environment

## Stack on what already happens

Attach the new habit to something you already do every day:

> After I **pour my morning coffee**, I will **write tomorrow's top task**.
> After I **brush my teeth at night**, I will **read one page**.

The existing habit becomes a reliable cue.

## Shape your surroundings

Make good habits **obvious and easy**, and bad ones **invisible and hard**.

- Leave the book on your pillow; put the guitar on a stand, not in its case.
- Lay out workout clothes the night before.
- Move distracting apps off the home screen; charge the phone outside the bedroom.

Every bit of friction you remove from a good habit is willpower you don't have to spend.

## Try it

Write one stack sentence for a habit you track in Ignition, and change one thing in your environment today to support it.`,
      },
      {
        id: 'lesson-hb-4-misses',
        title: 'Never miss twice',
        duration_minutes: 5,
        content: `# Never miss twice

You will miss days. Illness, travel and chaos happen. What separates lasting habits from abandoned ones is **what you do the day after**.

## The rule

Missing once is an accident. Missing twice is the start of a new habit — the habit of not doing it. So: **never miss twice.** On the day after a miss, do the tiny version, no matter what.

## Plan for the hard days

Decide now what the "bad day" version is:

- Workout → 10 push-ups.
- Study → review the due flashcards only.
- Journal → one line.

## Track honestly

Mark only what you actually did. The streak is information, not a judgement; a broken streak followed by a restart is normal and your best streak stays on record.

## Review weekly

Once a week, look at which habits stuck and which didn't. Make the struggling ones smaller or move their cue — don't just try harder.`,
      },
    ],
  },
  {
    id: 'course-deep-work',
    title: 'Deep work basics',
    description: 'How to do focused, high-value work in a distracted world: blocks, rituals, shutting down and using the focus timer well.',
    category: 'Productivity',
    difficulty: 'intermediate',
    estimated_hours: 1,
    lessons: [
      {
        id: 'lesson-dw-1-what',
        title: 'What deep work is',
        duration_minutes: 5,
        content: `# What deep work is

**Deep work** is focused effort on a cognitively demanding task, without distraction, that pushes your ability to its limit. It produces things that are hard to replicate: a well-written chapter, a solved bug, a new skill.

**Shallow work** is the rest: email, messages, admin, quick meetings. It's necessary, but it rarely moves anything important forward.

## Attention residue

When you switch from task A to task B, part of your attention stays on A for a while. Checking messages "for a second" in the middle of hard work leaves you working at a fraction of your ability for many minutes afterwards.

## The goal

Not to eliminate shallow work, but to **protect blocks of time** for deep work and batch the shallow work elsewhere.

Ask yourself: *what is the one task this week that would make the biggest difference if done well?* That's your first deep work block.`,
      },
      {
        id: 'lesson-dw-2-blocks',
        title: 'Scheduling focus blocks',
        duration_minutes: 6,
        content: `# Scheduling focus blocks

Deep work that isn't scheduled tends not to happen.

## Pick a rhythm

- **Daily rhythm:** the same time every day (e.g. 8:00–10:00). Best for most people.
- **Bimodal:** whole days of deep work, other days for everything else.
- **Opportunistic:** fit sessions wherever you can. Hardest to sustain.

## Use the focus timer

1. Put the block in your *Planner* as an event.
2. When it starts, open *Focus* and choose a length: 25 minutes if you're building the muscle, 50 if you're used to it.
3. During the session, write any stray thought on paper and return to the task.
4. Take the break. Stand up, look far away, drink water.

Focus sessions between 5 and 60 minutes earn Knowledge XP; breaks and abandoned sessions don't. Sixteen rewarded sessions a day is the cap — more than enough.

## Start smaller than you think

Four honest 25-minute sessions beat a "four-hour block" spent half on your phone.`,
      },
      {
        id: 'lesson-dw-3-rituals',
        title: 'Rituals and removing distractions',
        duration_minutes: 6,
        content: `# Rituals and removing distractions

## A start ritual

Do the same few things before each deep session so your brain learns the cue:

- Clear the desk; only what the task needs.
- Fill a glass of water.
- Write the session goal in one sentence: *"Draft the introduction"*, not *"work on report"*.
- Start the timer.

## Remove, don't resist

Resisting distraction costs willpower every time. Removing it costs once.

- Phone in another room or in a drawer, on Do Not Disturb.
- Close chat and email — not minimise, close.
- Use full-screen mode for the one app you need.
- Tell people when you're unavailable and when you'll reply.

## Embrace boredom

If you reach for your phone every time you queue or wait, your brain learns that the slightest boredom deserves a hit of novelty — and deep work will feel unbearable. Practise waiting without a screen.`,
      },
      {
        id: 'lesson-dw-4-shutdown',
        title: 'The shutdown ritual',
        duration_minutes: 5,
        content: `# The shutdown ritual

Rest is part of deep work. A brain that keeps chewing on unfinished tasks all evening comes back tired.

## End the day on purpose

At the end of your working day:

1. **Capture** every open loop — tasks, promises, ideas — into your planner or a list.
2. **Look at tomorrow.** Put the first deep work block in the planner and write its one-sentence goal.
3. **Say it:** a fixed phrase like *"Shutdown complete."* It sounds silly; it works, because it's a clear cue that work thoughts can wait.

## Why it helps

Unfinished tasks nag at you because your mind is afraid of forgetting them. Writing them down *with a plan* releases them.

## Review your week

On the *Progress* page, look at your focus minutes per day. Notice which days went well and what they had in common — then schedule more days like that.

Congratulations on finishing the course. Go protect a block of time tomorrow.`,
      },
    ],
  },
];

/** The rows the server and the client store: courses, then lessons in order. */
export function starterCourseRows() {
  const created_at = '2026-01-01T00:00:00.000Z';
  const courses = STARTER_COURSES.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    category: c.category,
    difficulty: c.difficulty,
    estimated_hours: c.estimated_hours,
    image_url: null as string | null,
    is_published: 1,
    created_at,
  }));
  const lessons = STARTER_COURSES.flatMap((c) =>
    c.lessons.map((l, i) => ({
      id: l.id,
      course_id: c.id,
      title: l.title,
      content: l.content,
      order_index: i,
      duration_minutes: l.duration_minutes,
      xp_reward: 30,
    })),
  );
  return { courses, lessons };
}
