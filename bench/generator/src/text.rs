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
}

/// The words of one edition.
pub struct Words {
    subjects: &'static [&'static str],
    verbs: &'static [&'static str],
    objects: &'static [&'static str],
    places: &'static [&'static str],
    times: &'static [&'static str],
    people: &'static [&'static str],
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
    ],
    places: &[
        "in the old town",
        "along the river",
        "for the eastern quarter",
        "near the harbour",
        "north of the dam",
        "on Hill Road",
    ],
    times: &[
        "this week",
        "on Monday",
        "before the end of the month",
        "next spring",
        "on Thursday evening",
    ],
    people: &[
        "Sami Haddar",
        "Lina Nasser",
        "Karim Odeh",
        "Huda Salim",
        "Yusuf Khoury",
        "Nour Issa",
    ],
    roles: &[
        "a shopkeeper",
        "a teacher",
        "a council member",
        "a ferry captain",
        "a retired engineer",
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
    first_names: &["Adam", "Rania", "Tariq", "Mona", "Ziad", "Salma", "Omar", "Dina"],
    last_names: &[
        "Hamdan", "Qasim", "Mansour", "Rahal", "Sabbagh", "Touma", "Zayed", "Bakri",
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
    ],
    places: &[
        "في البلدة القديمة",
        "على ضفاف النهر",
        "في الحي الشرقي",
        "قرب الميناء",
        "شمال السد",
        "على طريق التل",
    ],
    times: &[
        "هذا الأسبوع",
        "يوم الاثنين",
        "قبل نهاية الشهر",
        "في الربيع المقبل",
        "مساء الخميس",
    ],
    people: &[
        "سامي حداد",
        "لينا ناصر",
        "كريم عودة",
        "هدى سليم",
        "يوسف خوري",
        "نور عيسى",
    ],
    roles: &[
        "صاحب متجر",
        "معلمة",
        "عضو في المجلس",
        "قبطان عبارة",
        "مهندس متقاعد",
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
    first_names: &["آدم", "رانيا", "طارق", "منى", "زياد", "سلمى", "عمر", "دينا"],
    last_names: &["حمدان", "قاسم", "منصور", "رحال", "صباغ", "توما", "زايد", "بكري"],
    heading_words: &["ما التالي", "الكلفة", "من يقرر", "خطط سابقة", "الجدول الزمني"],
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Ar => &ARABIC,
    }
}

/// What a story is about; a story and its translation share one.
#[derive(Clone, Copy)]
pub struct Topic {
    subject: usize,
    verb: usize,
    object: usize,
    place: usize,
    time: usize,
}

impl Topic {
    pub fn random(rng: &mut Prng) -> Self {
        // Indices are taken modulo each edition's list, which may differ in length.
        Self {
            subject: rng.range(0, 99),
            verb: rng.range(0, 99),
            object: rng.range(0, 99),
            place: rng.range(0, 99),
            time: rng.range(0, 99),
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
    let place = nth(w.places, topic.place);
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
    let body = body(lang, w, subject, object, rng);
    StoryText {
        headline,
        dek,
        body,
        alt,
        caption,
        credit: rng.pick(w.credits).to_owned(),
    }
}

fn body(lang: Lang, w: &Words, subject: &str, object: &str, rng: &mut Prng) -> String {
    let mut paragraphs = Vec::new();
    let count = rng.range(5, 8);
    for index in 0..count {
        if index == count / 2 {
            paragraphs.push(format!("## {}", rng.pick(w.heading_words)));
        }
        if index == 2 {
            paragraphs.push(format!("> {}", sentence(lang, w, subject, object, rng)));
            continue;
        }
        let sentences: Vec<String> = (0..rng.range(3, 5))
            .map(|_| sentence(lang, w, subject, object, rng))
            .collect();
        paragraphs.push(sentences.join(" "));
    }
    paragraphs.join("\n\n")
}

fn sentence(lang: Lang, w: &Words, subject: &str, object: &str, rng: &mut Prng) -> String {
    let time = rng.pick(w.times);
    let place = rng.pick(w.places);
    let person = rng.pick(w.people);
    let role = rng.pick(w.roles);
    let other = rng.pick(w.objects);
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
    let place = rng.pick(w.places);
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
