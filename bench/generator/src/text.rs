//! Generated newsroom text in English and Arabic, composed from the word lists of [`words`] by a
//! deterministic generator, so that every run builds the same store.

use crate::words::{self, ENGLISH, Words, nth};
use dateline_domain::Lang;

/// SplitMix64: small, fast and the same on every machine.
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }

    /// A number in `0..len`, small ones far more often than large: the chance of `0..k` is
    /// `sqrt(k / len)`, so the first of 24 comes up a fifth of the time and the last about
    /// one time in fifty.
    pub fn skewed(&mut self, len: usize) -> usize {
        let uniform = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((uniform * uniform * len as f64) as usize).min(len - 1)
    }
}

/// What a story is about; a story and its translation share one. Each is picked with the first
/// entries of every list far more often than the last, as a newsroom's words are: a few
/// subjects fill most days and many come up now and then, so a word's stories and their scores
/// spread as they do in a real archive (bench/RESULTS.md, issue #13).
#[derive(Clone, Copy)]
pub struct Topic {
    subject: usize,
    verb: usize,
    object: usize,
    place: usize,
    time: usize,
    person: usize,
    role: usize,
}

impl Topic {
    pub fn random(rng: &mut Prng) -> Self {
        // The lists are as long in either edition (a test checks), so the English lengths do.
        let w = &ENGLISH;
        // A third of the stories happen where any town has a place of the kind, the rest in
        // the places named after something.
        let place = if rng.range(0, 2) == 0 {
            rng.range(0, w.places.len() - 1)
        } else {
            w.places.len() + rng.skewed(w.places_in_all() - w.places.len())
        };
        Self {
            subject: rng.skewed(w.subjects.len()),
            verb: rng.range(0, w.verbs.len() - 1),
            object: rng.skewed(w.objects.len()),
            place,
            time: rng.range(0, w.times.len() - 1),
            person: rng.skewed(w.people_in_all()),
            role: rng.skewed(w.roles.len()),
        }
    }

    /// A topic's own thing most of the time, and now and then another's (a place mentioned in
    /// passing, a second person quoted).
    fn now_and_then(rng: &mut Prng, own: usize, len: usize) -> usize {
        if rng.range(0, 4) == 0 {
            rng.skewed(len)
        } else {
            own
        }
    }
}

/// A generated story's text.
pub struct StoryText {
    pub headline: String,
    pub dek: String,
    pub body: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

pub fn story(lang: Lang, topic: Topic, rng: &mut Prng) -> StoryText {
    let w = words::of(lang);
    let subject = nth(w.subjects, topic.subject);
    let verb = nth(w.verbs, topic.verb);
    let object = nth(w.objects, topic.object);
    let place = w.place(lang, topic.place);
    let time = nth(w.times, topic.time);
    let (headline, dek, alt, caption) = match lang {
        Lang::En => (
            format!("{subject} {verb} {object} {place}"),
            format!("The decision, expected {time}, follows months of meetings {place}."),
            format!("Drawing of the site of the {object}"),
            format!("The {object} {place}, as planned."),
        ),
        Lang::Ar => (
            format!("{verb} {subject} {object} {place}"),
            format!("يأتي القرار المتوقع {time} بعد أشهر من الاجتماعات {place}."),
            format!("رسم لموقع {object}"),
            format!("{object} {place} كما هو مخطط له."),
        ),
    };
    let body = body(lang, w, topic, rng);
    StoryText {
        headline,
        dek,
        body,
        alt,
        caption,
        credit: rng.pick(w.credits).to_owned(),
    }
}

fn body(lang: Lang, w: &Words, topic: Topic, rng: &mut Prng) -> String {
    let mut paragraphs = Vec::new();
    let count = rng.range(5, 8);
    for index in 0..count {
        if index == count / 2 {
            paragraphs.push(format!("## {}", rng.pick(w.heading_words)));
        }
        if index == 2 {
            paragraphs.push(format!("> {}", sentence(lang, w, topic, rng)));
            continue;
        }
        let sentences: Vec<String> = (0..rng.range(3, 5))
            .map(|_| sentence(lang, w, topic, rng))
            .collect();
        paragraphs.push(sentences.join(" "));
    }
    paragraphs.join("\n\n")
}

fn sentence(lang: Lang, w: &Words, topic: Topic, rng: &mut Prng) -> String {
    let subject = nth(w.subjects, topic.subject);
    let object = nth(w.objects, topic.object);
    let time = rng.pick(w.times);
    let place = w.place(lang, Topic::now_and_then(rng, topic.place, w.places_in_all()));
    let person = w.person(Topic::now_and_then(rng, topic.person, w.people_in_all()));
    let role = nth(w.roles, Topic::now_and_then(rng, topic.role, w.roles.len()));
    let other = nth(w.objects, rng.skewed(w.objects.len()));
    let months = rng.range(11, 30);
    let cost = rng.range(12, 900);
    match (lang, rng.range(0, 5)) {
        (Lang::En, 0) => format!("{subject} said {time} that the {object} would go ahead."),
        (Lang::En, 1) => format!("Residents {place} have waited {months} months for the {object}."),
        (Lang::En, 2) => {
            format!("\"This matters to everyone here,\" said {person}, {role}, of the {object}.")
        }
        (Lang::En, 3) => format!("{person} added that the {other} needs more support."),
        (Lang::En, 4) => format!("The work is expected to cost about {cost} thousand and to finish {time}."),
        (Lang::En, _) => format!("Some residents {place} asked why the {other} came first."),
        (Lang::Ar, 0) => format!("قال {subject} {time} إن {object} سيمضي قدما."),
        (Lang::Ar, 1) => format!("ينتظر السكان {place} {object} منذ {months} شهرا."),
        (Lang::Ar, 2) => format!("«{object} يهم الجميع هنا»، قال {person}، {role}."),
        (Lang::Ar, 3) => format!("وأضاف {person} أن {other} يحتاج إلى دعم أكبر."),
        (Lang::Ar, 4) => format!("ومن المتوقع أن تبلغ الكلفة نحو {cost} ألفا وأن تكتمل الأعمال {time}."),
        (Lang::Ar, _) => format!("وتساءل بعض السكان {place} لماذا جاء {other} أولا."),
    }
}

/// A reader's comment on a story about `topic`.
pub fn comment(lang: Lang, topic: Topic, rng: &mut Prng) -> String {
    let w = words::of(lang);
    let object = nth(w.objects, topic.object);
    let place = w.place(lang, topic.place);
    match (lang, rng.range(0, 3)) {
        (Lang::En, 0) => format!("Good to see progress on the {object} at last."),
        (Lang::En, 1) => format!("Who will pay for the {object}? Nobody {place} was asked."),
        (Lang::En, 2) => "We have waited long enough for this. Thank you for the report.".to_owned(),
        (Lang::En, _) => format!("I live {place} and the {object} would change a lot for us."),
        (Lang::Ar, 0) => format!("خبر جميل عن {object} أخيرا."),
        (Lang::Ar, 1) => format!("من سيدفع كلفة {object}؟ لم يسأل أحد {place}."),
        (Lang::Ar, 2) => "انتظرنا هذا طويلا. شكرا على التقرير.".to_owned(),
        (Lang::Ar, _) => format!("أسكن {place} و{object} سيغير الكثير بالنسبة لنا."),
    }
}

/// A commenter's name in an edition.
pub fn person_name(lang: Lang, rng: &mut Prng) -> String {
    let w = words::of(lang);
    format!("{} {}", rng.pick(w.first_names), rng.pick(w.last_names))
}

#[cfg(test)]
mod tests {
    use super::{Prng, Topic, story};
    use dateline_domain::Lang;

    #[test]
    fn skewed_picks_favour_the_first_entries_and_reach_the_last() {
        let mut rng = Prng::new(7);
        let mut seen = [0usize; 24];
        for _ in 0..24_000 {
            seen[rng.skewed(24)] += 1;
        }
        assert!(seen[0] > 4 * seen[12], "{seen:?}");
        assert!(seen[12] > seen[23], "{seen:?}");
        assert!(seen[23] > 0, "{seen:?}");
    }

    #[test]
    fn stories_keep_to_their_topic_and_the_same_seed_writes_the_same_text() {
        let write = |seed| {
            let mut rng = Prng::new(seed);
            let topic = Topic::random(&mut rng);
            (story(Lang::En, topic, &mut rng), story(Lang::Ar, topic, &mut rng))
        };
        let (english, arabic) = write(11);
        let (again, _) = write(11);
        assert_eq!(english.body, again.body);
        assert!(!arabic.headline.is_ascii() && english.headline.is_ascii());
        // Across many stories, a word of a story's own topic is in a few of them, not in all.
        let mut rng = Prng::new(3);
        let with_brook = (0..2_000)
            .filter(|_| {
                let topic = Topic::random(&mut rng);
                story(Lang::En, topic, &mut rng).body.contains("Almondbrook")
            })
            .count();
        assert!(
            (1..400).contains(&with_brook),
            "{with_brook} of 2000 stories name Almondbrook"
        );
    }
}
