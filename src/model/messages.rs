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
