"""The printable referral form: bilingual (Arabic and English side by side, whatever the user's
language), with the shared information only. Rendered by WeasyPrint with DejaVu Sans, which has
Arabic glyphs; Pango shapes and orders the right-to-left text.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from sanad.core.countries import country_name
from sanad.core.needs import Need
from sanad.referrals.models import Referral, Urgency
from sanad.registry.models import Sex, VulnerabilityFlag

# The form always carries both languages, so these labels are fixed pairs, not translations of
# the user's interface language.
LABELS = {
    "title": ("Referral form", "استمارة إحالة"),
    "reference": ("Referral reference", "رقم الإحالة"),
    "date": ("Date sent", "تاريخ الإرسال"),
    "urgency": ("Urgency", "درجة الاستعجال"),
    "from": ("Referred by", "الجهة المُحيلة"),
    "to": ("Referred to", "الجهة المُحال إليها"),
    "person": ("Person referred", "الشخص المُحال"),
    "first_name": ("First name", "الاسم الأول"),
    "full_name": ("Full name", "الاسم الكامل"),
    "sex": ("Sex", "الجنس"),
    "age": ("Age", "العمر"),
    "date_of_birth": ("Date of birth", "تاريخ الميلاد"),
    "nationality": ("Nationality", "الجنسية"),
    "phones": ("Phone", "الهاتف"),
    "flags": ("Vulnerabilities", "أوجه الضعف"),
    "needs": ("Needs", "الاحتياجات"),
    "reason": ("Reason for referral", "سبب الإحالة"),
    "case_summary": ("Case summary", "ملخص الحالة"),
    "assessment": ("Assessment results", "نتائج التقييم"),
    "consent": ("Consent", "الموافقة"),
    "consent_yes": ("Consent given to this referral", "تم الحصول على الموافقة على هذه الإحالة"),
    "consent_override": ("Emergency referral without consent", "إحالة طارئة دون موافقة"),
    "feedback": ("Feedback from the receiving service", "ملاحظات الجهة المستقبِلة"),
    "received": ("Received on", "تاريخ الاستلام"),
    "accepted": ("Accepted / declined", "مقبولة / مرفوضة"),
    "outcome": ("Outcome", "النتيجة"),
    "signature": ("Name and signature", "الاسم والتوقيع"),
    "confidential": (
        "Confidential: share only with the staff who provide the service.",
        "سرّي: لا يُطلع عليه إلا الموظفون الذين يقدمون الخدمة.",
    ),
}
URGENCY_AR = {Urgency.EMERGENCY: "طارئة", Urgency.URGENT: "عاجلة", Urgency.ROUTINE: "اعتيادية"}
SEX_AR = {Sex.MALE: "ذكر", Sex.FEMALE: "أنثى", Sex.UNKNOWN: "غير مذكور"}
NEED_AR = {
    Need.HEALTH_PRIMARY: "الرعاية الصحية الأولية",
    Need.HEALTH_SPECIALISED: "الرعاية الصحية المتخصصة",
    Need.HEALTH_PSYCHIATRIC: "الرعاية النفسية (الطب النفسي)",
    Need.HEALTH_SRH: "الصحة الجنسية والإنجابية",
    Need.MHPSS: "الصحة النفسية والدعم النفسي الاجتماعي",
    Need.PROTECTION_GENERAL: "الحماية العامة",
    Need.PROTECTION_GBV: "الحماية من العنف القائم على النوع الاجتماعي",
    Need.PROTECTION_CHILD: "حماية الطفل",
    Need.PROTECTION_TRAFFICKING: "حماية ضحايا الاتجار بالبشر",
    Need.PROTECTION_LEGAL: "المساعدة القانونية",
    Need.FAMILY_TRACING: "البحث عن الأسر ولمّ شملها",
    Need.SHELTER: "المأوى",
    Need.FOOD: "الغذاء",
    Need.NFI: "المواد غير الغذائية",
    Need.HYGIENE: "مستلزمات النظافة والكرامة",
    Need.CASH: "المساعدة النقدية",
    Need.VHR: "العودة الإنسانية الطوعية",
    Need.EDUCATION: "التعليم",
    Need.LIVELIHOODS: "سبل العيش",
    Need.DOCUMENTATION: "الوثائق المدنية",
    Need.OTHER: "أخرى",
}


def text_direction(text: str) -> str:
    """ "rtl" when the first letter of ``text`` is Arabic script, else "ltr": free text (the reason,
    the case summary) is laid out in its own direction in the bilingual form."""
    for char in text or "":
        if "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufefc":
            return "rtl"
        if char.isalpha():
            return "ltr"
    return "ltr"


def _pair(english, arabic) -> dict:
    return {"en": english, "ar": arabic}


def referral_pdf_context(*, referral: Referral) -> dict:
    from django.utils import translation

    shared = referral.shared_snapshot
    with translation.override("en"):
        needs = [
            _pair(str(Need(n).label), NEED_AR.get(n, n)) for n in shared.get("needs", []) if n in Need.values
        ]
        sex = shared.get("sex") or Sex.UNKNOWN
        flags = [
            str(VulnerabilityFlag(f).label) for f in shared.get("flags", []) if f in VulnerabilityFlag.values
        ]
        urgency_en = str(Urgency(referral.urgency).label)
        sex_en = str(Sex(sex).label)
    return {
        "referral": referral,
        "shared": shared,
        "L": {key: _pair(*value) for key, value in LABELS.items()},
        "urgency": _pair(urgency_en, URGENCY_AR[referral.urgency]),
        "sex": _pair(sex_en, SEX_AR.get(sex, "")),
        "needs": needs,
        "flags": flags,
        "nationality": _pair(
            country_name(shared.get("nationality") or "", "en"),
            country_name(shared.get("nationality") or "", "ar"),
        ),
        "sent_on": timezone.localtime(referral.sent_at).strftime("%Y-%m-%d %H:%M"),
        "service": referral.service,
        "provider": referral.service.provider,
        "reason_dir": text_direction(referral.reason),
        "summary_dir": text_direction(shared.get("case_summary", "")),
    }


def referral_pdf_html(*, referral: Referral) -> str:
    return render_to_string("referrals/referral_pdf.html", referral_pdf_context(referral=referral))


def referral_pdf(*, referral: Referral) -> bytes:
    from weasyprint import HTML

    return HTML(string=referral_pdf_html(referral=referral)).write_pdf()
