//! Generated newsroom text in English and Arabic, composed from small word lists written for the
//! benchmark with a deterministic generator, so that every run builds the same store.

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

/// The words of one edition. Every list has as many entries in Arabic as in English, in the
/// same order, so that a story and its translation name the same things.
pub struct Words {
    subjects: &'static [&'static str],
    verbs: &'static [&'static str],
    objects: &'static [&'static str],
    /// Places any town has, named by what they are ("near the harbour").
    places: &'static [&'static str],
    /// A named place is one of these things (a hill, a ford) ...
    features: &'static [&'static str],
    /// ... named after one of these (an oak, salt).
    namesakes: &'static [&'static str],
    times: &'static [&'static str],
    roles: &'static [&'static str],
    pub datelines: &'static [&'static str],
    pub tags: &'static [&'static str],
    credits: &'static [&'static str],
    first_names: &'static [&'static str],
    last_names: &'static [&'static str],
    heading_words: &'static [&'static str],
}

const ENGLISH: Words = Words {
    subjects: &[
        "Town council",
        "Harbour board",
        "River authority",
        "Library board",
        "Traders' guild",
        "School board",
        "Ferry company",
        "Farmers' union",
        "Clinic",
        "Water board",
        "Transit office",
        "Residents' committee",
        "Fire service",
        "Parks department",
        "Chamber of commerce",
        "Hospital trust",
        "Museum trustees",
        "Fishermen's cooperative",
        "Housing office",
        "Planning committee",
        "Youth league",
        "Rail operator",
        "Power utility",
        "Market wardens",
    ],
    verbs: &[
        "approves",
        "delays",
        "debates",
        "backs",
        "questions",
        "announces",
        "reviews",
        "expands",
        "opens",
        "rejects",
        "funds",
        "scraps",
        "defends",
        "revises",
        "unveils",
        "pauses",
    ],
    objects: &[
        "new bridge plan",
        "night market hours",
        "reading room repairs",
        "ferry timetable",
        "irrigation budget",
        "bus route changes",
        "flood barrier works",
        "school meal scheme",
        "clinic opening hours",
        "street lighting upgrade",
        "harvest fair dates",
        "parking rules",
        "cycle lane",
        "tram extension",
        "rubbish collection",
        "heritage trail",
        "sports hall",
        "fish market",
        "water meter rollout",
        "tree planting drive",
        "youth centre",
        "cemetery extension",
        "rainwater tanks",
        "bakery licences",
        "night bus",
        "pedestrian crossing",
        "grain store",
        "community garden plots",
        "beach clean-up",
        "solar panels",
        "orchard lease",
        "ambulance station",
        "well restoration",
        "bridge tolls",
        "market canopy",
        "riverside path",
    ],
    places: &[
        "in the old town",
        "along the river",
        "for the eastern quarter",
        "near the harbour",
        "north of the dam",
        "on Hill Road",
    ],
    features: &[
        "brook", "field", "ford", "gate", "haven", "hill", "mere", "mouth", "ridge", "stead", "vale", "well",
    ],
    namesakes: &[
        "Almond", "Birch", "Cedar", "Dove", "Eagle", "Fig", "Gull", "Heron", "Iris", "Lark", "Lemon", "Moss",
        "Oak", "Olive", "Otter", "Pine", "Reed", "Rose", "Salt", "Stone", "Thorn", "Vine", "Willow", "Wolf",
    ],
    times: &[
        "this week",
        "on Monday",
        "before the end of the month",
        "next spring",
        "on Thursday evening",
    ],
    roles: &[
        "a shopkeeper",
        "a teacher",
        "a council member",
        "a ferry captain",
        "a retired engineer",
        "a nurse",
        "a bus driver",
        "a fisherman",
        "a baker",
        "a student",
        "a market trader",
        "a farmer",
        "a pharmacist",
        "a lifeguard",
        "a librarian",
        "a father of two",
    ],
    datelines: &["Riverside", "Old Town", "North Quay", "Hill Road", "East Market"],
    tags: &[
        "transport",
        "schools",
        "health",
        "water",
        "markets",
        "culture",
        "farming",
        "weather",
    ],
    credits: &["Bench desk", "Staff illustration", "Archive drawing"],
    first_names: &[
        "Adam", "Rania", "Tariq", "Mona", "Ziad", "Salma", "Omar", "Dina", "Sami", "Lina", "Karim", "Huda",
        "Yusuf", "Nour", "Bilal", "Farah", "Hadi", "Jana", "Majd", "Reem", "Walid", "Layla", "Fadi", "Maya",
    ],
    last_names: &[
        "Hamdan", "Qasim", "Mansour", "Rahal", "Sabbagh", "Touma", "Zayed", "Bakri", "Haddad", "Nasser",
        "Odeh", "Salim", "Khoury", "Issa", "Farouk", "Jaber", "Karam", "Masri", "Najjar", "Saleh", "Tamimi",
        "Yassin", "Darwish", "Amin",
    ],
    heading_words: &[
        "What comes next",
        "The cost",
        "Who decides",
        "Earlier plans",
        "The timetable",
    ],
};

const ARABIC: Words = Words {
    subjects: &[
        "المجلس البلدي",
        "هيئة الميناء",
        "إدارة النهر",
        "مجلس المكتبة",
        "نقابة التجار",
        "مجلس المدرسة",
        "شركة العبارة",
        "اتحاد المزارعين",
        "إدارة العيادة",
        "مصلحة المياه",
        "مكتب النقل",
        "لجنة السكان",
        "الدفاع المدني",
        "دائرة الحدائق",
        "غرفة التجارة",
        "إدارة المستشفى",
        "أمناء المتحف",
        "تعاونية الصيادين",
        "مكتب الإسكان",
        "لجنة التخطيط",
        "رابطة الشباب",
        "مشغل القطارات",
        "شركة الكهرباء",
        "حراس السوق",
    ],
    verbs: &[
        "يقر",
        "يؤجل",
        "يناقش",
        "يدعم",
        "يشكك في",
        "يعلن",
        "يراجع",
        "يوسع",
        "يفتتح",
        "يرفض",
        "يمول",
        "يلغي",
        "يدافع عن",
        "يعدل",
        "يكشف عن",
        "يعلق",
    ],
    objects: &[
        "خطة الجسر الجديد",
        "مواعيد السوق الليلي",
        "ترميم قاعة المطالعة",
        "جدول العبارة",
        "ميزانية الري",
        "تعديل خطوط الحافلات",
        "أعمال حاجز الفيضان",
        "برنامج الوجبات المدرسية",
        "ساعات عمل العيادة",
        "تحديث إنارة الشوارع",
        "موعد معرض الحصاد",
        "قواعد الوقوف",
        "مسار الدراجات",
        "تمديد خط الترام",
        "جمع النفايات",
        "مسار التراث",
        "الصالة الرياضية",
        "سوق السمك",
        "تركيب عدادات المياه",
        "حملة التشجير",
        "مركز الشباب",
        "توسعة المقبرة",
        "خزانات مياه الأمطار",
        "رخص المخابز",
        "حافلة الليل",
        "معبر المشاة",
        "مخزن الحبوب",
        "قطع الحديقة المجتمعية",
        "تنظيف الشاطئ",
        "الألواح الشمسية",
        "عقد البستان",
        "مركز الإسعاف",
        "ترميم البئر",
        "رسوم الجسر",
        "مظلة السوق",
        "ممشى النهر",
    ],
    places: &[
        "في البلدة القديمة",
        "على ضفاف النهر",
        "في الحي الشرقي",
        "قرب الميناء",
        "شمال السد",
        "على طريق التل",
    ],
    features: &[
        "جدول",
        "حقل",
        "مخاضة",
        "باب",
        "مرسى",
        "تل",
        "بحيرة",
        "مصب",
        "هضبة",
        "مزرعة",
        "وادي",
        "بئر",
    ],
    namesakes: &[
        "اللوز",
        "البتولا",
        "الأرز",
        "الحمام",
        "النسر",
        "التين",
        "النورس",
        "البلشون",
        "السوسن",
        "القبرة",
        "الليمون",
        "الطحلب",
        "البلوط",
        "الزيتون",
        "القضاعة",
        "الصنوبر",
        "القصب",
        "الورد",
        "الملح",
        "الحجر",
        "الشوك",
        "الكرمة",
        "الصفصاف",
        "الذئب",
    ],
    times: &[
        "هذا الأسبوع",
        "يوم الاثنين",
        "قبل نهاية الشهر",
        "في الربيع المقبل",
        "مساء الخميس",
    ],
    roles: &[
        "صاحب متجر",
        "معلمة",
        "عضو في المجلس",
        "قبطان عبارة",
        "مهندس متقاعد",
        "ممرضة",
        "سائق حافلة",
        "صياد",
        "خباز",
        "طالبة",
        "بائع في السوق",
        "مزارع",
        "صيدلانية",
        "منقذ",
        "أمينة مكتبة",
        "أب لطفلين",
    ],
    datelines: &[
        "ضفة النهر",
        "البلدة القديمة",
        "الرصيف الشمالي",
        "طريق التل",
        "السوق الشرقي",
    ],
    tags: &[
        "النقل",
        "المدارس",
        "الصحة",
        "المياه",
        "الأسواق",
        "الثقافة",
        "الزراعة",
        "الطقس",
    ],
    credits: &["مكتب الاختبار", "رسم الفريق", "رسم من الأرشيف"],
    first_names: &[
        "آدم",
        "رانيا",
        "طارق",
        "منى",
        "زياد",
        "سلمى",
        "عمر",
        "دينا",
        "سامي",
        "لينا",
        "كريم",
        "هدى",
        "يوسف",
        "نور",
        "بلال",
        "فرح",
        "هادي",
        "جنى",
        "مجد",
        "ريم",
        "وليد",
        "ليلى",
        "فادي",
        "مايا",
    ],
    last_names: &[
        "حمدان",
        "قاسم",
        "منصور",
        "رحال",
        "صباغ",
        "توما",
        "زايد",
        "بكري",
        "حداد",
        "ناصر",
        "عودة",
        "سليم",
        "خوري",
        "عيسى",
        "فاروق",
        "جابر",
        "كرم",
        "مصري",
        "نجار",
        "صالح",
        "تميمي",
        "ياسين",
        "درويش",
        "أمين",
    ],
    heading_words: &["ما التالي", "الكلفة", "من يقرر", "خطط سابقة", "الجدول الزمني"],
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Ar => &ARABIC,
    }
}

impl Words {
    /// The place numbered `place`: one of the places any town has, then the named ones.
    fn place(&self, lang: Lang, place: usize) -> String {
        if let Some(common) = self.places.get(place) {
            return (*common).to_owned();
        }
        let named = place - self.places.len();
        let namesake = nth(self.namesakes, named / self.features.len());
        let feature = nth(self.features, named);
        match lang {
            Lang::En => format!("in {namesake}{feature}"),
            Lang::Ar => format!("في {feature} {namesake}"),
        }
    }

    fn places_in_all(&self) -> usize {
        self.places.len() + self.features.len() * self.namesakes.len()
    }

    fn person(&self, person: usize) -> String {
        let first = nth(self.first_names, person);
        let last = nth(self.last_names, person / self.first_names.len());
        format!("{first} {last}")
    }

    fn people_in_all(&self) -> usize {
        self.first_names.len() * self.last_names.len()
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

fn nth<'a>(items: &[&'a str], index: usize) -> &'a str {
    items[index % items.len()]
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
    let w = words(lang);
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
    let w = words(lang);
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
    let w = words(lang);
    format!("{} {}", rng.pick(w.first_names), rng.pick(w.last_names))
}

#[cfg(test)]
mod tests {
    use super::{ARABIC, ENGLISH, Prng, Topic, Words, story};
    use dateline_domain::Lang;

    fn lengths(w: &Words) -> [usize; 13] {
        [
            w.subjects.len(),
            w.verbs.len(),
            w.objects.len(),
            w.places.len(),
            w.features.len(),
            w.namesakes.len(),
            w.times.len(),
            w.roles.len(),
            w.datelines.len(),
            w.tags.len(),
            w.first_names.len(),
            w.last_names.len(),
            w.heading_words.len(),
        ]
    }

    #[test]
    fn a_story_and_its_translation_name_the_same_things() {
        assert_eq!(lengths(&ENGLISH), lengths(&ARABIC));
    }

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
