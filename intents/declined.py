"""Immigration topics Puente has no answer for (near-domain), indexed so that a question about
one of them is refused and pointed to legal help instead of getting the nearest answer.

These describe whole topics (the way a volunteer would list what is out of scope), in both
languages; they are not copies of any labelled question. Each topic is indexed as an intent of
its own (so its words are typical of it, as an intent's are) whose slug starts with DECLINED; a
question whose best match is one of them gets "I don't know" with legal help offered.
"""

from __future__ import annotations

from intents.lexicon import word_tuple
from intents.model import Phrase

DECLINED = "~declined"  # slug prefix of these topics in the index; never answered, never offered
REFERRAL = "legal-help"  # the intent offered when a question is about one of these topics
EVERYDAY = "everyday"  # the topic of questions that are not about immigration at all
# The label of near-domain questions people asked (db/seed/asked/): only the learned view
# (intents/learned.py) reads them, as one more topic to decline.
ASKED_NEAR_DOMAIN = f"{DECLINED}:asked"

_TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "residence": {  # green cards, family and marriage petitions, waivers, consular processing
        "en": (
            "renew or replace my green card",
            "my permanent resident card expired",
            "apply for permanent residence through my husband who is a citizen",
            "green card through marriage after the wedding",
            "petition to bring my parents or children",
            "adjustment of status interview",
            "waiver for unlawful presence before the consular interview",
            "consular interview abroad for my immigrant visa",
            "bring my family here from my home country",
        ),
        "es": (
            "renovar o reponer mi tarjeta de residente",
            "se me vencio la residencia permanente",
            "sacar la residencia por mi esposo que es ciudadano",
            "arreglar papeles por matrimonio despues de la boda",
            "peticion familiar para traer a mis papas o a mis hijos",
            "entrevista de ajuste de estatus",
            "perdon migratorio por presencia ilegal antes de la entrevista consular",
            "entrevista en el consulado para la visa de inmigrante",
            "traer a mi familia de mi pais",
        ),
    },
    "uscis-case": {
        "en": (
            "check my uscis case status with the receipt number",
            "my uscis case is delayed",
            "status of my green card application",
            "uscis asked me for more evidence",
            "my application is stuck or delayed",
            "sign up for uscis case status alerts by email or text",
        ),
        "es": (
            "revisar el estado de mi caso en uscis con el numero de recibo",
            "cuanto tarda mi tramite en uscis",
            "como va mi solicitud de green card",
            "uscis me pidio mas evidencia para mi caso",
            "recibir alertas de uscis sobre mi caso por correo o mensaje de texto",
            "mi solicitud sigue pendiente",
        ),
    },
    "citizenship": {
        "en": (
            "naturalization application and fee",
            "civics questions of the citizenship test",
            "citizenship interview english test",
            "immigration reform or amnesty in congress",
        ),
        "es": (
            "solicitud de naturalizacion y su costo",
            "preguntas de civica del examen de ciudadania",
            "entrevista de ciudadania examen de ingles",
            "reforma migratoria o amnistia en el congreso",
        ),
    },
    "asylum-visas": {
        "en": (
            "apply for asylum or political asylum",
            "asylum interview and asylum case",
            "tourist visa student visa work visa",
            "u visa after being the victim of a crime",
            "visa lottery and priority dates",
        ),
        "es": (
            "pedir asilo politico",
            "entrevista de asilo y caso de asilo",
            "visa de turista visa de estudiante visa de trabajo",
            "visa u para victimas de un crimen",
            "loteria de visas y fechas de prioridad",
        ),
    },
    "travel": {
        "en": (
            "travel abroad and come back",
            "advance parole travel permit to leave the country",
            "leave the country and return safely",
            "travel outside the country with daca or tps",
        ),
        "es": (
            "viajar a mi pais y regresar",
            "permiso de viaje advance parole para salir del pais",
            "salir del pais y volver sin riesgo",
            "viajar fuera del pais con daca o con tps",
        ),
    },
    "benefits": {  # work permits outside TPS and DACA, taxes, benefits, licences
        "en": (
            "renew my employment authorization card",
            "file my taxes with an itin number",
            "public charge if i use food stamps or medi cal",
            "can i get calfresh food stamps or other benefits without papers",
            "ab 60 driver license without papers",
            "getting a california driver license when you are undocumented",
            "does the dmv give my information to immigration",
            "going to the hospital without papers",
            "student loans, college tuition or a mortgage with my status",
        ),
        "es": (
            "renovar mi tarjeta de autorizacion de empleo",
            "declarar impuestos con numero itin",
            "carga publica si recibo cupones o medi cal",
            "puedo recibir calfresh cupones de comida u otros beneficios sin papeles",
            "licencia ab 60 para personas indocumentadas",
            "sacar licencia de manejar en california sin tener papeles",
            "el dmv le da mis datos a inmigracion",
            "ir al hospital sin papeles",
            "prestamos estudiantiles, colegiatura o hipoteca con mi estatus",
        ),
    },
    # Not immigration at all, but sharing words with it (a car, a phone plan, rent, sending
    # money, taxes, fixing things): refused without pointing to legal help.
    EVERYDAY: {
        "en": (
            "car repair shop and mechanic",
            "buy a used car or car insurance",
            "cell phone plans and new phones",
            "rent an apartment and problems with the landlord",
            "send money or a package to my family abroad",
            "free tax preparation and tax refund",
            "fix appliances at home like the fridge or washer",
            "open a bank account or get a credit card",
            "a permit to sell food on the street",
            "dmv office hours and appointments",
            "cheap groceries clothes and furniture",
            "jobs hiring near me and job applications",
            "weather sports and recipes",
            "cooking recipes and how to make a dish",
            "learn english or computer programming",
            "doctor dentist and health insurance",
            "turn on the emergency alerts of my phone for earthquakes fires or weather",
        ),
        "es": (
            "taller mecanico para arreglar el carro",
            "comprar un carro usado o seguro de carro",
            "planes de celular y telefonos nuevos",
            "rentar un departamento y problemas con el dueno",
            "enviar dinero o un paquete a mi familia en mi pais",
            "preparacion de impuestos gratis y reembolso",
            "arreglar aparatos de la casa como el refri o la lavadora",
            "abrir una cuenta de banco o sacar una tarjeta de credito",
            "permiso para vender comida en la calle",
            "horario y citas del dmv",
            "despensa ropa y muebles baratos",
            "trabajos disponibles cerca de mi y solicitudes de empleo",
            "el clima los deportes y las recetas",
            "recetas de cocina y como preparar un platillo",
            "aprender ingles o programacion de computadoras",
            "doctor dentista y seguro medico",
            "activar las alertas de emergencia del celular por temblores incendios o el clima",
        ),
    },
    # Defending against deportation in general: rights and defenses in removal proceedings,
    # arrests at immigration court, bond and release, expedited removal (a lawyer's questions;
    # finding a detained relative is detained-relative, the state's legal aid state-response).
    "deportation-defense": {
        "en": (
            "legal protections and due process for immigrants in deportation proceedings",
            "defenses against removal in immigration court",
            "ways to fight a deportation case and stay in the country",
            "ice making arrests at immigration court hearings",
            "bond hearing and release from immigration detention",
            "expedited removal and how to avoid it",
            "will i be deported right away if i am arrested for a crime",
        ),
        "es": (
            "protecciones legales y debido proceso para inmigrantes en proceso de deportacion",
            "defensas contra la deportacion en la corte de inmigracion",
            "como pelear un caso de deportacion y quedarse en el pais",
            "ICE arrestando gente en las audiencias de la corte de inmigracion",
            "audiencia de fianza y salir de la detencion de inmigracion",
            "deportacion expedita y como evitarla",
            "si me arrestan por un delito me deportan de inmediato",
        ),
    },
    # Questions about the person's own case (a removal order, court, an ICE check-in, false
    # papers, a threat to call immigration, a deported relative): a lawyer's questions.
    "own-case": {
        "en": (
            "criminal record and my immigration case",
            "a deportation order from years ago and reopening my case",
            "find out if i have a removal order",
            "i missed my immigration court date years ago",
            "i signed voluntary departure and stayed",
            "can i still fix my status after being deported",
            "sponsor my partner who was deported",
            "i worked with a fake social security number",
            "can someone who was deported return to the country",
            "how can a deported relative come back legally",
            "i have a check in with ice soon",
            "my landlord or my boss threatens to call immigration on me",
        ),
        "es": (
            "antecedentes penales y mi caso de inmigracion",
            "una orden de deportacion de hace anos y reabrir mi caso",
            "como saber si tengo una orden de deportacion",
            "no me presente a la corte de inmigracion hace anos",
            "firme la salida voluntaria y me quede",
            "puedo arreglar mi estatus si ya me deportaron",
            "patrocinar a mi pareja que fue deportada",
            "trabaje con papeles chuecos o un seguro social falso",
            "puede regresar al pais alguien que ya fue deportado",
            "como puede regresar legalmente un familiar deportado",
            "tengo cita con inmigracion pronto",
            "mi casero o mi patron me amenaza con llamar a la migra",
        ),
    },
}

# Words that by themselves name a declined topic (folded, as text.fold writes them; expressions
# such as "green card" are already one word here). Bond is among them: release on bond is a
# lawyer's question, and no answer has verified facts on it (detained-relative does not cover it).
DECLINED_WORDS = {
    "en": word_tuple(
        """visa visas asylum greencard citizenship naturalization residency parole travel
        itin publiccharge ab60 waiver petition consular adjustment lottery amnesty marriage
        congress removalorder sponsor fixstatus falsedocs foodstamps calfresh medical checkin
        stuck threaten dmv hospital loan loans tuition mortgage
        bond bail"""
    ),
    "es": word_tuple(
        """visa visas asilo greencard ciudadania naturalizacion residencia parole viajar viaje
        itin publiccharge ab60 perdon peticion consular ajuste loteria amnistia matrimonio
        congreso removalorder patrocinar fixstatus falsedocs foodstamps calfresh medical checkin
        stuck threaten dmv hospital prestamo prestamos colegiatura hipoteca
        fianza"""
    ),
}

DECLINED_PHRASES: tuple[Phrase, ...] = tuple(
    Phrase(f"{DECLINED}:{topic}", lang, text)
    for topic, langs in _TOPICS.items()
    for lang, texts in langs.items()
    for text in texts
)


def is_everyday(slug: str) -> bool:
    """Whether an index slug is the everyday topic (no legal help to offer)."""
    return slug == f"{DECLINED}:{EVERYDAY}"


def is_declined(slug: str) -> bool:
    """Whether an index slug is a declined topic rather than an answerable intent."""
    return slug.startswith(DECLINED)
