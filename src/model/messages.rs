//! Messages that both a page and a server function's error show, so they live below both.

use crate::rules::lang::Tr;

/// A status lookup whose number and IIN do not match (or an unknown number: the same).
pub const NO_MATCH: Tr = Tr::new(
    "Мұндай нөмір мен ЖСН бойынша өтініш табылмады. Деректерді тексеріңіз.",
    "Обращение с таким номером и ИИН не найдено. Проверьте данные.",
);

/// The schedule could not be read.
pub const SCHEDULE_UNAVAILABLE: Tr = Tr::new(
    "Кесте қазір қолжетімсіз. Кейінірек қайталап көріңіз.",
    "График сейчас недоступен. Попробуйте позже.",
);

/// A month that is not `YYYY-MM`.
pub const BAD_MONTH: Tr = Tr::new(
    "Айды ЖЖЖЖ-АА (YYYY-MM) түрінде көрсетіңіз",
    "Укажите месяц в виде ГГГГ-ММ (YYYY-MM)",
);

/// Too many status lookups from one client in a minute.
pub const TOO_MANY_LOOKUPS: Tr = Tr::new(
    "Тексеру тым жиі сұралды. Бір минуттан кейін қайталаңыз.",
    "Слишком много проверок. Повторите через минуту.",
);

/// A form that a rule refuses: the errors are beside the fields.
pub const FIX_FIELDS: Tr = Tr::new(
    "Өтініш жіберілмеді: белгіленген өрістерді түзетіңіз.",
    "Обращение не отправлено: исправьте отмеченные поля.",
);

/// Someone else changed the request between reading and writing it.
pub const CHANGED_MEANWHILE: Tr = Tr::new(
    "Өтініш осы уақытта өзгерді. Бетті жаңартып, қайталап көріңіз.",
    "Обращение за это время изменилось. Обновите страницу и повторите.",
);

/// An internal failure; its detail is in the server's log only.
pub const INTERNAL: Tr = Tr::new(
    "Ішкі қате. Кейінірек қайталап көріңіз.",
    "Внутренняя ошибка. Попробуйте позже.",
);

/// A staff member whose role may not do what was asked.
pub const FORBIDDEN: Tr = Tr::new(
    "Сіздің рөліңіз бұл әрекетті орындауға рұқсат бермейді.",
    "Ваша роль не позволяет выполнить это действие.",
);

/// A sign-in with a wrong login or password (which of the two is not said).
pub const WRONG_SIGN_IN: Tr = Tr::new("Логин немесе құпиясөз қате.", "Неверный логин или пароль.");

/// Too many failed sign-ins for this account or from this computer.
pub const SIGN_IN_THROTTLED: Tr = Tr::new(
    "Кіру әрекеттері тым көп болды. 15 минуттан кейін қайталаңыз немесе әкімшіге хабарласыңыз.",
    "Слишком много неудачных попыток входа. Повторите через 15 минут или обратитесь к администратору.",
);

/// A new password that is too short or equals the old one.
pub const WEAK_PASSWORD: Tr = Tr::new(
    "Жаңа құпиясөз кемінде 12 таңбадан тұруы және бұрынғысынан өзгеше болуы керек.",
    "Новый пароль должен быть не короче 12 знаков и отличаться от прежнего.",
);

/// A state-changing request that did not come from the site's own pages.
pub const FOREIGN_ORIGIN: Tr = Tr::new(
    "Сұрау сайттың өз бетінен жіберілмеген.",
    "Запрос отправлен не со страницы этого сайта.",
);

/// A posted form with a field missing or of the wrong kind (an old page, a hand-made post).
pub const UNREADABLE_FORM: Tr = Tr::new(
    "Форманы оқу мүмкін болмады: кейбір өрістер жоқ немесе қате толтырылған. Бетті жаңартып, форманы қайта жіберіңіз.",
    "Не удалось прочитать форму: некоторые поля отсутствуют или заполнены неверно. Обновите страницу и отправьте форму ещё раз.",
);

/// A posted form over the size any of the site's forms can reach.
pub const FORM_TOO_LARGE: Tr = Tr::new(
    "Форма тым үлкен: мәтінді қысқартып, қайта жіберіңіз.",
    "Форма слишком велика: сократите текст и отправьте снова.",
);

/// A link whose path or parameters the site cannot read.
pub const UNREADABLE_LINK: Tr = Tr::new(
    "Сілтеме қате немесе ескірген.",
    "Ссылка неверна или устарела.",
);

/// A staff page or action without a signed-in staff member.
pub const SIGN_IN_REQUIRED: Tr = Tr::new("Алдымен жүйеге кіріңіз.", "Сначала войдите в систему.");

/// A list's filter with a value the form does not offer.
pub const BAD_FILTER: Tr = Tr::new(
    "Сүзгінің мәні дұрыс емес: пішіннен таңдаңыз.",
    "Неверное значение фильтра: выберите его в форме.",
);

/// A staff form's text longer than its limit.
pub const TOO_LONG: Tr = Tr::new(
    "Мәтін тым ұзын: қысқартыңыз.",
    "Слишком длинный текст: сократите его.",
);

/// A decision that needs a reason, given without one.
pub const REASON_REQUIRED: Tr = Tr::new("Себебін жазыңыз.", "Укажите причину.");

/// A request's time of arrival in the future, or more than a year back.
pub const RECEIVED_OUT_OF_RANGE: Tr = Tr::new(
    "Түскен уақыты болашақта немесе бір жылдан бұрын болуы мүмкін емес.",
    "Время поступления не может быть в будущем или более года назад.",
);

/// "No essence of the question" marked on a request taken orally or by telephone.
pub const NO_ESSENCE_ORALLY: Tr = Tr::new(
    "Ауызша немесе телефон арқылы түскен өтініштің мәнін сол жерде сұраңыз: «мәні жоқ» белгісі тек жазбаша өтінішке қойылады (5-тармақ).",
    "Суть устного или телефонного обращения уточните сразу: отметка «суть не изложена» — только для письменных обращений (пункт 5).",
);

/// A login that is not 1 to 64 small Latin letters, digits, dots, hyphens or underscores.
pub const BAD_LOGIN: Tr = Tr::new(
    "Логин: 1–64 кіші латын әрпі, цифр, нүкте, сызықша немесе астын сызу.",
    "Логин: от 1 до 64 строчных латинских букв, цифр, точек, дефисов или подчёркиваний.",
);

/// A login another account has.
pub const LOGIN_TAKEN: Tr = Tr::new("Бұл логин бос емес.", "Этот логин уже занят.");

/// A staff member's full name left empty or too long.
pub const BAD_FULL_NAME: Tr = Tr::new(
    "Толық аты-жөнін жазыңыз (200 таңбаға дейін).",
    "Укажите полное имя (до 200 знаков).",
);

/// The administrator acting on their own account on the accounts screen.
pub const NOT_YOUR_OWN_ACCOUNT: Tr = Tr::new(
    "Өз есептік жазбаңызды мұнда өзгерте алмайсыз: оны басқа әкімші өзгертеді.",
    "Свою учётную запись здесь изменить нельзя: это делает другой администратор.",
);

/// An official linked to an account that is not a receiving official's.
pub const NOT_A_RECEIVING_OFFICIAL: Tr = Tr::new(
    "Қабылдайтын тұлғаны тек «Қабылдайтын лауазымды адам» рөліндегі есептік жазбаға байланыстыруға болады.",
    "Принимающее лицо можно связать только с учётной записью в роли «Принимающее должностное лицо».",
);

/// An official that is not in the list.
pub const UNKNOWN_OFFICIAL: Tr = Tr::new(
    "Мұндай қабылдайтын тұлға тізімде жоқ.",
    "Такого принимающего лица нет в списке.",
);

/// A request to a central state body without the body's name (clause 20).
pub const BODY_REQUIRED: Tr = Tr::new(
    "Орталық мемлекеттік органның атауын жазыңыз (300 таңбаға дейін).",
    "Укажите наименование центрального государственного органа (до 300 знаков).",
);

/// An invitation to a reception day without whom, or of an unknown kind (clauses 18, 24).
pub const NO_INVITEE: Tr = Tr::new(
    "Кімді шақыратыныңызды таңдап, аты-жөнін жазыңыз (200 таңбадан аспайды).",
    "Выберите, кого приглашаете, и укажите фамилию и инициалы (не более 200 знаков).",
);

/// A survey of a request that is neither closed by the final answer nor withdrawn (38).
pub const NOT_SURVEYED: Tr = Tr::new(
    "Сауал тек кеңес алған (түпкілікті жауап берілген) немесе жеке қабылдаудан бас тартқан өтініш берушілерге жүргізіледі (38-т.).",
    "Опрос проводится только среди получивших консультацию (дан окончательный ответ) или отказавшихся от личного приёма (п. 38).",
);

/// A survey answer that is none of the offered ones.
pub const BAD_OUTCOME: Tr = Tr::new(
    "Сауалдың нәтижесін тізімнен таңдаңыз.",
    "Выберите результат опроса из списка.",
);

/// The same person invited to the same day again (clauses 18, 24).
pub const ALREADY_INVITED: Tr = Tr::new(
    "Бұл адам осы күнге шақырылып қойған.",
    "Этот человек уже приглашён на этот день.",
);

/// An invitation to a day that is past, cancelled or not yet published.
pub const DAY_NOT_COMING: Tr = Tr::new(
    "Тек алдағы, жарияланған және болдырылмаған қабылдау күніне шақыруға болады.",
    "Пригласить можно только на предстоящий, опубликованный и не отменённый день приёма.",
);

/// A survey answer recorded twice for one request (clause 38).
pub const ALREADY_SURVEYED: Tr = Tr::new(
    "Бұл өтініш бойынша сауалдың жауабы жазылып қойған.",
    "Ответ на опрос по этому обращению уже записан.",
);

/// A quarter that is not `YYYY-Q` with Q from 1 to 4.
pub const BAD_QUARTER: Tr = Tr::new(
    "Тоқсан дұрыс емес: мысалы, 2026-4 (жыл және 1-ден 4-ке дейінгі тоқсан).",
    "Неверный квартал: например, 2026-4 (год и квартал от 1 до 4).",
);

/// A decision the request's card does not offer (a hand-made form).
pub const BAD_DECISION: Tr = Tr::new(
    "Мұндай шешімді карточкадан қабылдау мүмкін емес: бетті жаңартыңыз.",
    "Такое решение с карточки принять нельзя: обновите страницу.",
);

/// The reception slot's last seat was taken by someone else first.
pub const SLOT_TAKEN: Tr = Tr::new(
    "Бұл уақыттағы соңғы орынды басқа өтініш алды: бөлуді қайта жасаңыз.",
    "Последнее место на это время занял другой запрос: распределите ещё раз.",
);

/// A time that is not one of the reception day's slots, or a cancelled day.
pub const NO_SUCH_SLOT: Tr = Tr::new(
    "Қабылдау күнінде мұндай уақыт жоқ немесе күн болдырылмаған.",
    "В этот день приёма нет такого времени, или день отменён.",
);

/// When the department was told that an official cannot receive: in the future, or unreadable.
pub const TOLD_OUT_OF_RANGE: Tr = Tr::new(
    "Бөлімге хабарланған уақыт болашақта болуы мүмкін емес.",
    "Время, когда сообщили в отдел, не может быть в будущем.",
);

/// A desk action on an applicant who is not on today's reception.
pub const NOT_TODAY: Tr = Tr::new(
    "Бұл өтініш берушінің қабылдауы бүгін емес.",
    "Приём этого заявителя назначен не на сегодня.",
);

/// A no-show marked before the applicant's time has come.
pub const NOT_YET: Tr = Tr::new(
    "Өтініш берушінің уақыты әлі келген жоқ: «келмеді» белгісі кейінірек қойылады.",
    "Время заявителя ещё не наступило: отметить неявку можно позже.",
);

/// A reception day that cannot be cancelled now: someone is checked in and waiting.
pub const DAY_IN_PROGRESS: Tr = Tr::new(
    "Бұл күні келген өтініш берушілер бар: алдымен оларды қабылдаңыз немесе «келмеді» деп белгілеңіз.",
    "В этот день уже есть прибывшие заявители: сначала примите их или отметьте неявку.",
);

/// A check-in without the documents of clause 10 seen.
pub const DOCUMENTS_NOT_SEEN: Tr = Tr::new(
    "Жеке басын куәландыратын құжатты (өкілдің — сенімхатты да) көріп, белгілеңіз (10-тармақ).",
    "Проверьте и отметьте документ, удостоверяющий личность (у представителя — и доверенность) (пункт 10).",
);

/// An official the form names who is not (or no longer) among those who receive.
pub const NO_SUCH_OFFICIAL: Tr = Tr::new(
    "Мұндай қабылдайтын лауазымды адам жоқ.",
    "Такого принимающего должностного лица нет.",
);

/// A reception day the official already has at that date and time.
pub const DAY_EXISTS: Tr = Tr::new(
    "Бұл лауазымды адамның осы күні осы уақытта қабылдауы жоспарланған.",
    "У этого должностного лица приём в этот день и в это время уже запланирован.",
);

/// A published day (or one with applicants) is not taken off the plan: it is cancelled.
pub const DAY_PUBLISHED: Tr = Tr::new(
    "Бұл күн кестеде жарияланған: оны жою емес, 17-тармақ бойынша болдырмау керек.",
    "Этот день уже опубликован в графике: его нельзя удалить, только отменить по пункту 17.",
);

/// A report meeting entered twice.
pub const MEETING_EXISTS: Tr = Tr::new(
    "Осы күнгі есеп беру кездесуі енгізілген.",
    "Отчётная встреча на этот день уже внесена.",
);

/// A month approved twice.
pub const MONTH_APPROVED: Tr = Tr::new(
    "Бұл айдың кестесі бекітілген.",
    "График этого месяца уже утверждён.",
);

/// Approval asked while clause 6 findings are open and not acknowledged.
pub const VIOLATIONS_OPEN: Tr = Tr::new(
    "Кестеде 6-тармақтың бұзушылықтары бар: оларды түзетіңіз немесе оқығаныңызды белгілеп бекітіңіз.",
    "В графике есть нарушения пункта 6: исправьте их или подтвердите, что ознакомились, и утвердите.",
);

/// A planned day's form with a date, a time or a number that does not read.
pub const BAD_DAY_FORM: Tr = Tr::new(
    "Күнін, басталу және аяқталу уақытын, бір адамға берілетін минутты және орын санын толтырыңыз.",
    "Заполните дату, время начала и окончания, минуты на одного заявителя и число мест.",
);

/// A planned day without its place in both languages.
pub const PLACE_REQUIRED: Tr = Tr::new(
    "Қабылдау орнын қазақ және орыс тілдерінде көрсетіңіз.",
    "Укажите место приёма на казахском и русском языках.",
);

/// A video room that is not an https link.
pub const BAD_VIDEO_ROOM: Tr = Tr::new(
    "Бейнебөлменің сілтемесі https:// деп басталуы керек.",
    "Ссылка на видеокомнату должна начинаться с https://.",
);

/// Clause 9: the akim's instruction named without its date, or dated after the reception.
pub const BAD_ORDER: Tr = Tr::new(
    "Әкім тапсырмасының нөмірі мен күнін бірге көрсетіңіз; тапсырма қабылдау күнінен кеш болмауы керек (9-тармақ).",
    "Укажите номер и дату поручения акима вместе; поручение не может быть позже дня приёма (пункт 9).",
);

/// An official's form without a name, a position or a role.
pub const OFFICIAL_FORM: Tr = Tr::new(
    "Тегін, атын және лауазымын қазақ және орыс тілдерінде толтырып, рөлін таңдаңыз.",
    "Заполните фамилию, имя и должность на казахском и русском языках и выберите роль.",
);

/// An item the day's checklist does not hold (clauses 11, 19).
pub const NOT_ON_CHECKLIST: Tr = Tr::new(
    "Бұл күннің тізімінде мұндай тармақ жоқ.",
    "В списке этого дня такого пункта нет.",
);

/// Clause 3: received on the day of the request only by a head of a department or another
/// authorised employee, and only on the day the request was registered.
pub const SAME_DAY_ONLY: Tr = Tr::new(
    "Өтініш берілген күні өзі келген өтініш берушіні тек бөлім басшысы немесе қабылдауға уәкілетті қызметкер қабылдай алады, және тек өтініш берген күні (3-тармақ).",
    "В день обращения пришедшего лично заявителя принимают только руководитель структурного подразделения или уполномоченный работник, и только в тот день, когда он обратился (пункт 3).",
);

/// A board screen without a name (or with a very long one).
pub const SCREEN_NAME: Tr = Tr::new(
    "Экранның атауын жазыңыз (80 таңбаға дейін), мысалы: «Қабылдау бөлмесі, 1-қабат».",
    "Укажите название экрана (до 80 знаков), например: «Приёмная, 1 этаж».",
);

/// A board link that is not (or no longer) valid.
pub const SCREEN_LINK_INVALID: Tr = Tr::new(
    "Бұл экран сілтемесі жарамсыз немесе кері қайтарылған. Әкімшіден жаңа сілтеме сұраңыз.",
    "Эта ссылка экрана недействительна или отозвана. Попросите администратора о новой ссылке.",
);

/// The year's Kurban Ait was entered already: remove that entry first.
pub const KURBAN_AIT_EXISTS: Tr = Tr::new(
    "Бұл жылдың Құрбан айт күні енгізілген: алдымен бұрынғы жазбаны жойыңыз.",
    "Дата Курбан айта этого года уже внесена: сначала удалите прежнюю запись.",
);

/// A day already made a day off or a working day by another entry.
pub const TRANSFER_EXISTS: Tr = Tr::new(
    "Бұл күн басқа жазбамен ауыстырылған.",
    "Этот день уже перенесён другой записью.",
);

/// A calendar form with a date that is not `YYYY-MM-DD`.
pub const BAD_CALENDAR_FORM: Tr = Tr::new(
    "Күндерді толық көрсетіңіз (жыл, ай, күн).",
    "Укажите даты полностью (год, месяц, день).",
);

/// A server function's body that does not decode (not sent by the site's own pages).
pub const MALFORMED_REQUEST: Tr = Tr::new(
    "Сұрау дұрыс құрастырылмаған: бетті жаңартып, қайталап көріңіз.",
    "Запрос составлен неверно: обновите страницу и попробуйте ещё раз.",
);

/// A reception moved to the time it already has.
pub const SAME_SLOT: Tr = Tr::new(
    "Қабылдау осы уақытқа белгіленген: басқа уақытты таңдаңыз.",
    "Приём уже назначен на это время: выберите другое.",
);

/// The Kurban Ait of a year the release does not know, while that year's transfers or a later
/// year stand on it.
pub const CALENDAR_IN_USE: Tr = Tr::new(
    "Алдымен осы жылдың ауыстыруларын және кейінгі жылдардың жазбаларын жойыңыз.",
    "Сначала удалите переносы этого года и записи последующих лет.",
);

pub const NOTE_REQUIRED: Tr = Tr::new(
    "Аппарат басшысына анықтамалық ақпаратты жазыңыз және не ұсынатыныңызды таңдаңыз: қабылдау күнін белгілеу немесе бас тарту (28-т.).",
    "Напишите справочную информацию руководителю аппарата и выберите, что предлагаете: назначить дату приёма или отказать (п. 28).",
);
