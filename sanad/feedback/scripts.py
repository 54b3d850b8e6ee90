# ruff: noqa: E501 — script prose reads better unwrapped
"""The default call scripts: what to ask and what to say, per category, in English, Arabic and
French. Helpline supervisors and M&E replace any of them with a ``CallScript`` row; these are
shown when no row exists."""

from __future__ import annotations

from sanad.feedback.models import CallScript, Category

_EMERGENCY_EN = (
    "1. Ask: Is anyone in immediate danger right now? Where exactly are you (town, neighbourhood, site)?\n"
    "2. Ask: How many people, and is anyone injured, sick, a child alone, pregnant or elderly?\n"
    "3. Ask: Is there a safe phone number to call you back on, and when is it safe to call?\n"
    '4. Say: "We are alerting the team that covers your area now. Stay where it is safe."\n'
    "5. If life is at risk, give the ambulance / emergency number and stay on the line if you can."
)
_EMERGENCY_AR = (
    "١. اسأل: هل يوجد أي شخص في خطر مباشر الآن؟ أين أنت بالضبط (المدينة، الحي، الموقع)؟\n"
    "٢. اسأل: كم عدد الأشخاص؟ هل يوجد مصاب أو مريض أو طفل بمفرده أو امرأة حامل أو مسن؟\n"
    "٣. اسأل: هل يوجد رقم هاتف آمن للاتصال بك مجددًا، ومتى يكون الاتصال آمنًا؟\n"
    "٤. قل: «نحن نبلغ الفريق الذي يغطي منطقتك الآن. ابقَ في مكان آمن».\n"
    "٥. إذا كانت الحياة في خطر، أعطِ رقم الإسعاف / الطوارئ وابقَ على الخط إن أمكن."
)
_EMERGENCY_FR = (
    "1. Demandez : quelqu'un est-il en danger immédiat ? Où êtes-vous exactement (ville, quartier, site) ?\n"
    "2. Demandez : combien de personnes ? Y a-t-il des blessés, des malades, un enfant seul, une femme "
    "enceinte, une personne âgée ?\n"
    "3. Demandez : un numéro sûr pour vous rappeler, et quand est-il sûr d'appeler ?\n"
    "4. Dites : « Nous alertons maintenant l'équipe qui couvre votre zone. Restez en lieu sûr. »\n"
    "5. Si une vie est en danger, donnez le numéro d'urgence / ambulance et restez en ligne si possible."
)

DEFAULT_SCRIPTS: dict[str, dict[str, str]] = {
    Category.EMERGENCY_MEDICAL: {
        "en": _EMERGENCY_EN
        + "\n6. Ask: What are the symptoms, since when? Is the person conscious and breathing?",
        "ar": _EMERGENCY_AR + "\n٦. اسأل: ما هي الأعراض ومنذ متى؟ هل الشخص واعٍ ويتنفس؟",
        "fr": _EMERGENCY_FR
        + "\n6. Demandez : quels symptômes, depuis quand ? La personne est-elle consciente et "
        "respire-t-elle ?",
    },
    Category.EMERGENCY_PROTECTION: {
        "en": _EMERGENCY_EN + "\n6. Do not ask for details of what happened beyond what is needed to act; "
        "ask only if the person is safe now.",
        "ar": _EMERGENCY_AR
        + "\n٦. لا تسأل عن تفاصيل ما حدث أكثر مما يلزم للتصرف؛ اسأل فقط إن كان الشخص في أمان الآن.",
        "fr": _EMERGENCY_FR
        + "\n6. Ne demandez pas plus de détails que nécessaire pour agir ; demandez seulement si "
        "la personne est en sécurité maintenant.",
    },
    Category.EMERGENCY_DETENTION: {
        "en": _EMERGENCY_EN + "\n6. Ask: Which detention centre, since when, and the names and nationalities "
        "of the people concerned (only with their agreement).",
        "ar": _EMERGENCY_AR
        + "\n٦. اسأل: أي مركز احتجاز، ومنذ متى، وأسماء وجنسيات الأشخاص المعنيين (بموافقتهم فقط).",
        "fr": _EMERGENCY_FR
        + "\n6. Demandez : quel centre de détention, depuis quand, et les noms et nationalités "
        "des personnes concernées (seulement avec leur accord).",
    },
    Category.EMERGENCY_MISSING_PERSON: {
        "en": _EMERGENCY_EN
        + "\n6. Ask: Name, age, sex and nationality of the missing person, where and when "
        "they were last seen, and a photo or description. Explain that family tracing is free.",
        "ar": _EMERGENCY_AR + "\n٦. اسأل: اسم الشخص المفقود وعمره وجنسه وجنسيته، وأين ومتى شوهد آخر مرة، "
        "ووصفه أو صورة له. وضّح أن خدمة البحث عن الأسر مجانية.",
        "fr": _EMERGENCY_FR
        + "\n6. Demandez : nom, âge, sexe et nationalité de la personne disparue, où et quand "
        "elle a été vue pour la dernière fois, une description. Expliquez que le rétablissement des liens "
        "familiaux est gratuit.",
    },
    Category.INFORMATION_REQUEST: {
        "en": "1. Ask: What would you like to know? (services, return, registration, health, documents)\n"
        "2. Answer only from the approved information sheet; if you do not know, say so and promise "
        "to call back within 2 days.\n"
        '3. Say: "All IOM services are free. Nobody may ask you for money or favours for them."',
        "ar": "١. اسأل: ما المعلومات التي تحتاجها؟ (الخدمات، العودة، التسجيل، الصحة، الوثائق)\n"
        "٢. أجب فقط من ورقة المعلومات المعتمدة؛ إذا لم تعرف الجواب فقل ذلك وتعهّد بمعاودة الاتصال خلال يومين.\n"
        "٣. قل: «جميع خدمات المنظمة الدولية للهجرة مجانية. لا يحق لأحد أن يطلب منك مالًا أو خدمات مقابلها».",
        "fr": "1. Demandez : que souhaitez-vous savoir ? (services, retour, enregistrement, santé, documents)\n"
        "2. Répondez uniquement à partir de la fiche d'information validée ; si vous ne savez pas, dites-le "
        "et promettez de rappeler sous 2 jours.\n"
        "3. Dites : « Tous les services de l'OIM sont gratuits. Personne ne peut vous demander d'argent ou "
        "de faveur en échange. »",
    },
    Category.ASSISTANCE_REQUEST: {
        "en": "1. Ask: What do you need (food, hygiene items, shelter, health, cash, return)? For how many people?\n"
        "2. Ask: Where are you staying, and a phone number to reach you.\n"
        '3. Say: "We will pass your request to the team covering your area. We cannot promise assistance, '
        'but we will tell you the answer."',
        "ar": "١. اسأل: ما الذي تحتاجه (غذاء، مواد نظافة، مأوى، صحة، نقد، عودة)؟ ولكم شخص؟\n"
        "٢. اسأل: أين تقيم، وما رقم هاتف للتواصل معك.\n"
        "٣. قل: «سننقل طلبك إلى الفريق الذي يغطي منطقتك. لا يمكننا أن نعد بالمساعدة، لكننا سنبلغك بالرد».",
        "fr": "1. Demandez : de quoi avez-vous besoin (nourriture, hygiène, abri, santé, espèces, retour) ? "
        "Pour combien de personnes ?\n"
        "2. Demandez : où logez-vous, et un numéro pour vous joindre.\n"
        "3. Dites : « Nous transmettons votre demande à l'équipe de votre zone. Nous ne pouvons pas promettre "
        "d'aide, mais nous vous donnerons la réponse. »",
    },
    Category.COMPLAINT_SERVICE: {
        "en": "1. Thank the person for telling us: complaints help us improve.\n"
        "2. Ask: Which service, where and when? What happened, and what would you like to happen now?\n"
        '3. Say: "Your complaint will be handled confidentially. We will answer within 7 days."\n'
        "4. Ask how and when it is safe to give them the answer. Give them the ticket reference.",
        "ar": "١. اشكر الشخص على إبلاغنا: الشكاوى تساعدنا على التحسن.\n"
        "٢. اسأل: أي خدمة، وأين ومتى؟ ماذا حدث، وماذا تريد أن يحدث الآن؟\n"
        "٣. قل: «ستعالج شكواك بسرية. سنرد عليك خلال ٧ أيام».\n"
        "٤. اسأل كيف ومتى يكون من الآمن إبلاغه بالرد. أعطه الرقم المرجعي للبلاغ.",
        "fr": "1. Remerciez la personne : les plaintes nous aident à nous améliorer.\n"
        "2. Demandez : quel service, où et quand ? Que s'est-il passé, et que souhaitez-vous maintenant ?\n"
        "3. Dites : « Votre plainte sera traitée de façon confidentielle. Nous répondrons sous 7 jours. »\n"
        "4. Demandez comment et quand il est sûr de donner la réponse. Donnez la référence du ticket.",
    },
    Category.COMPLAINT_STAFF: {
        "en": "1. Thank the person. Ask: Which staff member (name or description), where and when, what happened?\n"
        "2. If it involves sexual exploitation or abuse, fraud or a data breach, log it under that sensitive "
        "category instead.\n"
        '3. Say: "Your complaint is confidential and will not be handled by the person you complain about. '
        'We will answer within 7 days."\n'
        "4. Ask how and when it is safe to give the answer. Give the ticket reference.",
        "ar": "١. اشكر الشخص. اسأل: أي موظف (الاسم أو الوصف)، وأين ومتى، وماذا حدث؟\n"
        "٢. إذا تعلق الأمر باستغلال أو اعتداء جنسي أو احتيال أو خرق للبيانات، سجّله ضمن تلك الفئة الحساسة بدلًا من ذلك.\n"
        "٣. قل: «شكواك سرية ولن يتولاها الشخص الذي تشتكي منه. سنرد عليك خلال ٧ أيام».\n"
        "٤. اسأل كيف ومتى يكون من الآمن إبلاغه بالرد. أعطه الرقم المرجعي.",
        "fr": "1. Remerciez la personne. Demandez : quel membre du personnel (nom ou description), où, quand, "
        "que s'est-il passé ?\n"
        "2. S'il s'agit d'exploitation ou d'abus sexuels, de fraude ou d'une fuite de données, enregistrez-le "
        "plutôt dans cette catégorie sensible.\n"
        "3. Dites : « Votre plainte est confidentielle et ne sera pas traitée par la personne visée. Nous "
        "répondrons sous 7 jours. »\n"
        "4. Demandez comment et quand il est sûr de répondre. Donnez la référence.",
    },
    Category.FEEDBACK: {
        "en": "1. Thank the person warmly.\n2. Ask: Which service or team, and what went well or could be better?\n"
        "3. Ask whether they agree that their words are shared (without their name) with the team.",
        "ar": "١. اشكر الشخص بحرارة.\n٢. اسأل: أي خدمة أو فريق، وما الذي كان جيدًا أو يمكن تحسينه؟\n"
        "٣. اسأل إن كان يوافق على مشاركة كلامه (دون ذكر اسمه) مع الفريق.",
        "fr": "1. Remerciez chaleureusement la personne.\n2. Demandez : quel service ou quelle équipe, qu'est-ce "
        "qui a bien fonctionné ou pourrait être amélioré ?\n"
        "3. Demandez si elle accepte que ses mots soient partagés (sans son nom) avec l'équipe.",
    },
    Category.MHPSS_COUNSELLING: {
        "en": "1. Introduce yourself and explain that the session is confidential, except if a life is at risk.\n"
        "2. Ask how the person feels today and what they would like to talk about; listen without judging.\n"
        "3. Ask about thoughts of harming themselves or others; if yes, follow the suicide-risk protocol "
        "and inform the MHPSS focal point immediately.\n"
        "4. Agree on a follow-up session or a referral before ending the call.",
        "ar": "١. عرّف بنفسك ووضّح أن الجلسة سرية إلا إذا كانت حياة شخص في خطر.\n"
        "٢. اسأل الشخص كيف يشعر اليوم وعمّا يرغب في التحدث عنه؛ استمع دون إصدار أحكام.\n"
        "٣. اسأل عن أفكار إيذاء النفس أو الآخرين؛ إذا كانت الإجابة نعم، اتبع بروتوكول خطر الانتحار "
        "وأبلغ جهة تنسيق الصحة النفسية فورًا.\n"
        "٤. اتفق على جلسة متابعة أو إحالة قبل إنهاء المكالمة.",
        "fr": "1. Présentez-vous et expliquez que la séance est confidentielle, sauf si une vie est en danger.\n"
        "2. Demandez comment la personne se sent aujourd'hui et de quoi elle souhaite parler ; écoutez sans juger.\n"
        "3. Demandez s'il y a des idées de se faire du mal ou d'en faire à autrui ; si oui, suivez le protocole "
        "risque suicidaire et informez immédiatement le point focal SMSPS.\n"
        "4. Convenez d'une séance de suivi ou d'une orientation avant de raccrocher.",
    },
    Category.PSEA: {
        "en": '1. Say: "Thank you for trusting us. What you tell me stays confidential and goes only to the '
        'person in charge of these reports."\n'
        "2. Do NOT ask for details beyond what is needed: what happened in a few words, where, roughly when, "
        "and whether the person is safe now. Do not ask them to repeat or prove anything.\n"
        "3. The caller may stay anonymous. Do not promise an outcome you cannot keep (no promise of "
        "punishment, money, or relocation).\n"
        "4. Offer immediate help: medical care, psychosocial support, a safe place — only if they want it.\n"
        "5. Give the reference number so they can call back and ask about their report.",
        "ar": "١. قل: «شكرًا لثقتك بنا. ما تخبرني به يبقى سريًا ولا يصل إلا إلى المسؤول عن هذه البلاغات».\n"
        "٢. لا تسأل عن تفاصيل أكثر مما يلزم: ما حدث بكلمات قليلة، وأين، ومتى تقريبًا، وهل الشخص في أمان الآن. "
        "لا تطلب منه أن يكرر أو يثبت أي شيء.\n"
        "٣. يمكن للمتصل أن يبقى مجهول الهوية. لا تعد بنتيجة لا تستطيع الوفاء بها (لا وعود بعقاب أو مال أو نقل).\n"
        "٤. اعرض المساعدة الفورية: رعاية طبية، دعم نفسي اجتماعي، مكان آمن — فقط إن رغب في ذلك.\n"
        "٥. أعطه الرقم المرجعي ليتمكن من معاودة الاتصال والسؤال عن بلاغه.",
        "fr": "1. Dites : « Merci de votre confiance. Ce que vous me dites reste confidentiel et ne va qu'à la "
        "personne chargée de ces signalements. »\n"
        "2. Ne demandez PAS plus de détails que nécessaire : ce qui s'est passé en quelques mots, où, à peu "
        "près quand, et si la personne est en sécurité maintenant. Ne demandez pas de répéter ni de prouver.\n"
        "3. L'appelant peut rester anonyme. Ne promettez pas un résultat que vous ne pouvez pas garantir "
        "(ni sanction, ni argent, ni relogement).\n"
        "4. Proposez une aide immédiate : soins médicaux, soutien psychosocial, lieu sûr — seulement si la "
        "personne le souhaite.\n"
        "5. Donnez la référence pour qu'elle puisse rappeler et demander où en est son signalement.",
    },
    Category.FRAUD: {
        "en": '1. Say: "Thank you. This report is confidential and goes only to the investigations focal point."\n'
        "2. Ask: What was asked or taken (money, favours, documents), by whom (name or description), where "
        "and when? Were others affected?\n"
        "3. Do not promise refunds or sanctions. Remind them that all services are free.\n"
        "4. Give the reference number.",
        "ar": "١. قل: «شكرًا لك. هذا البلاغ سري ولا يصل إلا إلى جهة تنسيق التحقيقات».\n"
        "٢. اسأل: ما الذي طُلب أو أُخذ (مال، خدمات، وثائق)، ومن قبل من (الاسم أو الوصف)، وأين ومتى؟ هل تضرر آخرون؟\n"
        "٣. لا تعد باسترداد الأموال أو بعقوبات. ذكّره بأن جميع الخدمات مجانية.\n"
        "٤. أعطه الرقم المرجعي.",
        "fr": "1. Dites : « Merci. Ce signalement est confidentiel et ne va qu'au point focal enquêtes. »\n"
        "2. Demandez : qu'est-ce qui a été demandé ou pris (argent, faveurs, documents), par qui (nom ou "
        "description), où et quand ? D'autres personnes sont-elles concernées ?\n"
        "3. Ne promettez ni remboursement ni sanction. Rappelez que tous les services sont gratuits.\n"
        "4. Donnez la référence.",
    },
    Category.DATA_BREACH: {
        "en": "1. Ask: What information was exposed or lost (lists, photos, phones, papers), whose, where and "
        "since when? Is it still accessible?\n"
        "2. Do not ask the caller to send you the data itself.\n"
        '3. Say: "Thank you. The data-protection focal point will act on this today." Give the reference.',
        "ar": "١. اسأل: ما المعلومات التي كُشفت أو فُقدت (قوائم، صور، هواتف، أوراق)، ولمن، وأين ومنذ متى؟ "
        "هل ما زال الوصول إليها ممكنًا؟\n"
        "٢. لا تطلب من المتصل أن يرسل إليك البيانات نفسها.\n"
        "٣. قل: «شكرًا لك. ستتصرف جهة تنسيق حماية البيانات بشأن هذا اليوم». أعطه الرقم المرجعي.",
        "fr": "1. Demandez : quelles informations ont été exposées ou perdues (listes, photos, téléphones, "
        "papiers), de qui, où et depuis quand ? Sont-elles encore accessibles ?\n"
        "2. Ne demandez pas à l'appelant de vous envoyer les données elles-mêmes.\n"
        "3. Dites : « Merci. Le point focal protection des données agira aujourd'hui. » Donnez la référence.",
    },
}


def script_for(*, category: str, language: str) -> str:
    """The script in force for ``category`` in ``language`` (English when none exists in it)."""
    language = (language or "en")[:2]
    row = CallScript.objects.filter(category=category, language=language).only("text").first()
    if row is not None:
        return row.text
    defaults = DEFAULT_SCRIPTS.get(category, {})
    return defaults.get(language) or defaults.get("en", "")
