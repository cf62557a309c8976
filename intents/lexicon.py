"""Curated word lists: stop words, chat spellings, language markers and cross-language synonyms.

Every entry is written accent-free and lowercase, the form `text.fold` produces. These lists
hold English and Spanish; any language adds to them in locales/<code>/lexicon.yaml
(intents/languages.py), and a language or group a list lacks counts as empty.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set from whitespace-separated words (long lists stay readable)."""
    return frozenset(words.split())


def word_tuple(words: str) -> tuple[str, ...]:
    """A tuple from whitespace-separated words, in order (a synonym group's first names it)."""
    return tuple(words.split())


# Chat spellings expanded before anything else. A value may be several words.
CHAT = {
    "en": {
        "u": "you",
        "ur": "your",
        "r": "are",
        "rn": "right now",
        "pls": "please",
        "plz": "please",
        "plis": "please",
        "y": "why",
        "bc": "because",
        "bcuz": "because",
        "cuz": "because",
        "coz": "because",
        "tmrw": "tomorrow",
        "tmr": "tomorrow",
        "thx": "thanks",
        "ty": "thank you",
        "idk": "i dont know",
        "wat": "what",
        "wut": "what",
        "im": "i am",
        "ive": "i have",
        "b4": "before",
        "ppl": "people",
        "govt": "government",
        "gov": "government",
        "abt": "about",
        "w": "with",
        "wo": "without",
        "hw": "how",
        "cn": "can",
        "wanna": "want to",
        "gonna": "going to",
        "gotta": "have to",
        "asap": "as soon as possible",
        "info": "information",
        "msg": "message",
        "tho": "though",
        "pic": "picture",
        "ok": "okay",
    },
    "es": {
        "q": "que",
        "k": "que",
        "ke": "que",
        "qe": "que",
        "pa": "para",
        "xa": "para",
        "xq": "porque",
        "xk": "porque",
        "pq": "porque",
        "pk": "porque",
        "porq": "porque",
        "porke": "porque",
        "tmb": "tambien",
        "tmbn": "tambien",
        "tb": "tambien",
        "porfa": "por favor",
        "xfa": "por favor",
        "xfavor": "por favor",
        "plis": "por favor",
        "d": "de",
        "x": "por",
        "toy": "estoy",
        "ta": "esta",
        "aki": "aqui",
        "nd": "nada",
        "dnd": "donde",
        "kien": "quien",
        "bn": "bien",
        "kiero": "quiero",
        "aser": "hacer",
        "ps": "pues",
        "pos": "pues",
        "ola": "hola",
        "pa'": "para",
        "nomas": "nada mas",
        "ahorita": "ahora",
        "orita": "ahora",
        "info": "informacion",
        "msj": "mensaje",
        "sra": "senora",
        "sr": "senor",
        "q'": "que",
        "cm": "como",
        "komo": "como",
        "ay": "hay",
        "ai": "hay",
        "sta": "esta",
        "stoy": "estoy",
        "aunq": "aunque",
        "aunke": "aunque",
        "tons": "entonces",
    },
}

# Chat spellings that are real words in the other language, so never expanded there.
CHAT_ONLY_IN = frozenset({"toy", "ai", "ay", "ps", "pos", "ola", "sr", "sra", "ta", "d", "x", "y"})

# Words that carry no topic. Both lists are applied to every question (Spanglish), except the
# other language's words that are real content words in this one (see COLLISIONS).
STOP = {
    "en": word_set(
        """a about above after again against all am an and any are as at be because been before
        being below between both but by can could did do does doing done dont down
        during each few for from further get gets getting got had has have having he her
        here hers herself him himself his how i if in into is it its itself just let
        lets me more most my myself no nor not now of off on once only or other our ours
        ourselves out over own please same she should so some such than that the their
        theirs them themselves then there these they this those through to too under
        until up very was we were what when where which while who whom why will with
        would you your yours yourself yourselves hi hello hey thanks thank okay ok yes
        yeah also still anything something someone anyone im ill id youre am does whats
        hows wheres whos cant wont isnt arent didnt doesnt shouldnt couldnt know tell
        want wanted need needs like really much many lot go going gonna would could
        might may must shall one us via dear sir maam guys anybody somebody say says
        said saying told take took taken taking give gave given make made thing things
        stuff true guy way actually even ever exactly kind sort maybe probably wants
        year years ago last month months week weeks"""
    ),
    "es": word_set(
        """a y e u al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bien
        cada como con contra cual cuales cualquier cuando cuanto de del desde donde dos
        el ella ellas ello ellos en entonces entre era eran eres es esa esas ese eso
        esos esta estaba estamos estan estar estas este esto estos estoy fue fueron ha
        han has hasta hay he hola la las le les lo los mas me mi mis mucho muchos muy
        nada ni no nos nosotros o os otra otras otro otros para pero poco por porque
        pues que quien quienes se sea ser si sin sobre solo son su sus tambien tan tanto
        te tengo tiene tienen tenemos tener ti toda todas todo todos tu tus un una unas
        uno unos usted ustedes ya yo favor gracias buenas buenos dias tardes noches
        saber quiero queria quisiera puedo puede pueden podemos podria debo debe deben
        hacer hago hace mio mia alguien ahi alla aca oiga disculpe senor senora senorita
        hablar decir dice dicen digo oye mire pasa paso tal vez ahora va van voy vamos
        creo estoy sabe sabes necesito necesita dijo dijeron cosa cosas verdad cierto oi
        escuche mero osea haya hayan habia habian hubo hubiera quiere quieren quieres
        ano anos mes meses semana semanas pasado pasada"""
    ),
}

# Words in the other language's stop list that are content words in this language.
COLLISIONS = {
    "en": frozenset(
        {
            "son",
            "sin",
            "come",
            "red",
            "once",
            "pan",
            "mar",
            "solo",
            "fin",
            "dice",
            "dos",
            "ante",
            "era",
            "tan",
            "van",
            "mire",
            "pasa",
            "paso",
            "tal",
            "saber",
            "hace",
            "debe",
        }
    ),
    "es": frozenset(
        {
            "no",
            "me",
            "a",
            "he",
            "has",
            "come",
            "once",
            "red",
            "son",
            "us",
            "van",
            "sin",
            "pan",
            "mar",
        }
    ),
}

# Words whose presence points to a language; used only by language detection.
MARKERS = {
    "en": word_set(
        """the of and to is are was were be been do does did dont doesnt didnt have has had you
        your my i im ive what when where why how who which can could should would will
        wont cant with without for from about at on in into this that these those there
        they them their he she we our us it its if or but not any some get got going
        need want know help home house door work job lawyer police agents immigration
        city state school kids rights free still apply renew deadline status report raid
        warrant open stay silent family detained deported papers office court judge card
        green citizen permit parents children right now please thanks hi hello hey yes
        yeah just really ok okay here live living happen happens happened told say says
        said go goes went come comes came someone people mean means new news law laws
        safe sure ask asking info information near nearest where movie movies weather
        best buy much many am being after before again"""
    ),
    "es": word_set(
        """el la los las de del que y en un una unos unas es son por para con sin mi mis tu su sus
        yo usted ustedes como cuando donde porque pero tengo tiene tienen puedo puede
        pueden hay esta estan estoy esto eso ese esa qué quien cual cuales hola gracias
        favor ayuda casa puerta trabajo abogado policia agentes migra inmigracion ciudad
        estado escuela hijos derechos gratis todavia aplicar renovar fecha estatus
        reportar redada orden abrir silencio familia detenido deportado papeles oficina
        corte juez tarjeta ciudadano permiso padres ninos ahora ahorita dice dicen decir
        quiero necesito saber hacer hago va van ya muy mas menos tambien si bueno buenas
        dias noches pues oiga mire nuevo nueva ley leyes seguro seguridad hay sobre
        desde hasta entre contra pasa paso paso cerca pelicula peliculas clima mejor
        comprar cuanto cuantos fue ser estar sigue siguen"""
    ),
}

# US states other than California and large cities outside it, as folded words (several-word
# names are joined by EXPRESSIONS): a question about one of these places is not about Los
# Angeles or California, so an answer about the city's or the state's rules is no answer to it.
# Washington is left out (it also names the federal government); so are names that are common
# words in Spanish ("el paso"). A language's lexicon file adds its own names (`elsewhere`).
ELSEWHERE = word_set(
    """alabama alaska arizona arkansas colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana luisiana maine maryland
    massachusetts michigan minnesota mississippi misisipi missouri montana nebraska nevada
    newhampshire newjersey newmexico newyork northcarolina northdakota ohio oklahoma oregon
    pennsylvania pensilvania rhodeisland southcarolina southdakota tennessee texas tejas
    utah vermont virginia westvirginia wisconsin wyoming nyc manhattan brooklyn bronx
    chicago houston phoenix philadelphia filadelfia sanantonio dallas austin texan texans
    jacksonville columbus charlotte indianapolis seattle denver nashville boston detroit
    portland memphis louisville baltimore milwaukee albuquerque tucson atlanta miami
    minneapolis newark cleveland pittsburgh cincinnati orlando tampa raleigh ames lasvegas
    saltlakecity neworleans"""
)

# California places outside Los Angeles County, as folded words (several-word names are joined
# by EXPRESSIONS): a question about one is about California but not Los Angeles, so an answer
# about the city's or the county's rules is no answer to it (the state's still is). Cities of Los
# Angeles County are left out: many of their people use the city's services and its school
# district. So are names that are common words in Spanish ("ventura", "modesto", "escondido")
# or streets of Los Angeles ("Alameda", "Riverside": only Riverside County counts).
ELSEWHERE_IN_CALIFORNIA = word_set(
    """santaana anaheim irvine fullerton orangecounty sandiego sanfrancisco oakland berkeley
    sanjose santaclara sacramento fresno bakersfield riversidecounty sanbernardino oxnard
    santabarbara stockton santacruz chulavista santarosa palmsprings coachella bayarea
    inlandempire centralvalley huntingtonbeach costamesa venturacounty"""
)

# Words that set a question in a context some intents nearly always name, as folded words (and
# the tokens EXPRESSIONS make): people other than the one asking (relatives, friends, "someone",
# pronouns), driving (a car, a licence, being pulled over) and planning ahead (a plan, getting
# ready, the children or family left behind). An intent nearly all of whose paraphrases name a
# context ("ICE took my husband, how do I find him"; "what do I show when I'm pulled over"; "who
# takes care of my kids if I'm deported") is unlikely for a question that names none of it
# ("what do I do if ICE detains me?", "what documents can ICE ask for in a stop?"). A language's
# lexicon file adds its own words (`contexts`).
CONTEXTS = {
    "others": word_set(
        """him her his he she someone somebody anyone anybody person persons people friend
        friends partner boyfriend girlfriend relative relatives family families member members
        loved detainee detainees husband husbands wife wives spouse mom mother dad father parent
        parents brother brothers sister sisters son sons daughter daughters child children kid
        kids uncle aunt cousin cousins grandmother grandma grandfather grandpa grandparents
        nephew niece fiance neighbor neighbors neighbour immigrant immigrants migrant migrants
        ella ellas alguien persona personas gente amigo amiga amigos amigas pareja novio novia
        familiar familiares familia pariente parientes querido querida queridos seres esposo
        esposa marido mama madre papa padre padres papas hermano hermana hermanos hermanas hijo
        hija hijos hijas nino nina ninos ninas tio tia tios primo prima primos abuelo abuela
        abuelos sobrino sobrina suegro suegra cunado cunada vecino vecina vecinos inmigrante
        inmigrantes migrante migrantes"""
    ),
    "driving": word_set(
        """car cars truck vehicle passenger drive driving driver drove license licence ticket
        tickets traffic freeway highway road pulled pull pulls checkpoint
        carro carros coche auto automovil troca camioneta vehiculo pasajero manejar manejando
        maneja manejo conducir conduciendo conductor licencia multa trafico transito carretera
        autopista patrulla orillar orille orillarse reten"""
    ),
    # Not "son": in Spanish it is "they are".
    "planning": word_set(
        """plan plans planning prepare prepared preparing preparedness ready ahead beforehand
        arrange caregiver custody guardian guardianship power memorize family families kids
        children child baby babies daughter daughters
        preparar prepararse preparo preparamos preparada preparado preparativos listo lista listos
        listas organizo organizar organizarse cuidar cuide cuidara custodia tutela notarial
        memorizar familia familias hijo hija hijos hijas nino nina ninos ninas bebe bebes"""
    ),
}

# Messages that only greet, thank or acknowledge ("hola", "buenas tardes", "thank you so much",
# "ok gracias", "tengo una pregunta"), as folded words: they ask nothing, so the bot greets back
# and offers the topics instead of saying it does not know and asking to keep the message. A
# `thanks` word makes the reply "you're welcome"; else a `greeting` word makes it "hello"; else
# an `ok` word ("good", "bueno": never before "morning") makes it "you're welcome" too. `filler`
# words may go with them but make no small talk alone ("you", "muchas"); `thanked_for` words
# only with thanks ("gracias por la ayuda"), since "hola, ayuda" asks for help and gets the
# hotline. Not "yes", "no" or "si": alone they answer something, and "si" is also "if". A
# language's lexicon file adds its own (`small_talk`).
SMALL_TALK = {
    "thanks": word_set(
        """thanks thank thx ty tks tnx thnx appreciate appreciated bye goodbye gracias grax
        grasias agradezco agradecido agradecida adios chao chau"""
    ),
    "greeting": word_set(
        """hi hello hey hiya howdy morning afternoon evening greetings question questions ask
        hola ola buenas buenos buen dia dias tardes noches saludos pregunta preguntas
        preguntar consulta consultas"""
    ),
    "ok": word_set(
        """ok okay okey good great perfect cool awesome nice fine vale perfecto listo entendido
        excelente genial bueno buena bien"""
    ),
    "filler": word_set(
        """there all everyone everybody you so much very lot sir maam miss friend friends again
        for your the i have a one got it that makes sense can muchas muchisimas mucho mil muy
        todos todas senor senora senorita amigo amiga que q tal como esta estan estas tengo
        una un quisiera hacer quiero puedo por favor porfa pls plz la el su de nuevo otra"""
    ),
    "thanked_for": word_set(
        """help info information answer answers ayuda informacion respuesta respuestas"""
    ),
}

# Multi-word expressions folded into one token before tokenising, so they can match as a unit.
EXPRESSIONS = {
    "green card": "greencard",
    "tarjeta verde": "greencard",
    "mica verde": "greencard",
    "la migra": "migra",
    "temporary protected status": "tps",
    "estatus de proteccion temporal": "tps",
    "estado de proteccion temporal": "tps",
    "proteccion temporal": "tps",
    "work permit": "workpermit",
    "permiso de trabajo": "workpermit",
    "work authorization": "workpermit",
    "permiso para trabajar": "workpermit",
    "know your rights": "rights",
    "right now": "now",
    "re register": "reregister",
    "re registration": "reregistration",
    "re inscripcion": "reinscripcion",
    "re inscribir": "reinscribir",
    "by force": "force",
    "car wash": "carwash",
    "sign me up": "subscribe",
    "social security number": "ssn",
    "social security": "ssn",
    "numero de seguro social": "ssn",
    "seguro social": "ssn",
    "rec center": "recreation center",
    "real id": "realid",
    "drivers license": "driverslicense",
    "driver license": "driverslicense",
    "drivers licence": "driverslicense",
    "driver licence": "driverslicense",
    "licencia de manejar": "driverslicense",
    "licencia de conducir": "driverslicense",
    "a la fuerza": "fuerza",
    # "oficial" alone is "official" ("ya es oficial"); with "de inmigración" it is an officer.
    "oficial de inmigracion": "agente de inmigracion",
    "oficiales de inmigracion": "agentes de inmigracion",
    # "attorney" alone is a lawyer; a power of attorney is a family's paperwork.
    "power of attorney": "powerofattorney",
    "poder notarial": "powerofattorney",
    "carta poder": "powerofattorney",
    "low cost": "cheap",
    "bajo costo": "barato",
    "ordenanza": "ordinance",
    "ordenanzas": "ordinance",
    "legal status": "status",
    "immigration status": "status",
    "estatus legal": "estatus",
    "estatus migratorio": "estatus",
    "situacion migratoria": "estatus",
    "citizenship and immigration services": "uscis",
    "servicio de ciudadania e inmigracion": "uscis",
    "servicios de ciudadania e inmigracion": "uscis",
    # Laws and programs named by their names
    "deferred action for childhood arrivals": "daca",
    "accion diferida para los llegados en la infancia": "daca",
    "accion diferida": "daca",
    "california values act": "sb54",
    "ley de valores de california": "sb54",
    "sb 54": "sb54",
    "senate bill 54": "sb54",
    "sanctuary state": "sb54",
    "estado santuario": "sb54",
    "ab 60": "ab60",
    "medi cal": "medical",
    "public charge": "publiccharge",
    "carga publica": "publiccharge",
    "advance parole": "parole",
    "permiso de viaje": "parole",
    "permiso de salida": "parole",
    "luna de miel": "honeymoon",
    "loved one": "relative",
    "loved ones": "relative",
    "ser querido": "familiar",
    "seres queridos": "familiar",
    # "le toca" is "it is their turn", not a knock at the door; "ordenar" is to sort or order.
    "me toca": "turno",
    "le toca": "turno",
    "les toca": "turno",
    "me tocaba": "turno",
    "le tocaba": "turno",
    "les tocaba": "turno",
    "ordenar": "sort",
    "final order of removal": "removalorder",
    "final removal order": "removalorder",
    "final deportation order": "removalorder",
    "orden final de deportacion": "removalorder",
    "orden final de remocion": "removalorder",
    "deportation order": "removalorder",
    "removal order": "removalorder",
    "orden de deportacion": "removalorder",
    "ordenes de deportacion": "removalorder",
    "orden de remocion": "removalorder",
    "order of removal": "removalorder",
    "ordered deported": "removalorder",
    # Someone asking how to fix their own status needs a lawyer, not a general answer.
    "fix my status": "fixstatus",
    "fix my papers": "fixstatus",
    "adjust my status": "fixstatus",
    "get my papers": "fixstatus",
    "get papers": "fixstatus",
    "get legal status": "fixstatus",
    "fix my immigration status": "fixstatus",
    "adjust my immigration status": "fixstatus",
    "arreglo mis papeles": "fixstatus",
    "arreglo mi estatus": "fixstatus",
    "arreglar mi estatus": "fixstatus",
    "arreglar mis papeles": "fixstatus",
    "arreglar papeles": "fixstatus",
    "arreglar su estatus": "fixstatus",
    "arreglar sus papeles": "fixstatus",
    "legalizar mi situacion": "fixstatus",
    "sacar mis papeles": "fixstatus",
    # A relative petitioning for someone (a citizen child "pedirme", "file for me") is a family
    # petition: residence, not a family plan.
    "apply for my papers": "petition",
    "file for me": "petition",
    "file for my mother": "petition",
    "file for my father": "petition",
    "file for my parents": "petition",
    "file for her mother": "petition",
    "file for his mother": "petition",
    "petition for me": "petition",
    "pedirme": "peticion",
    "me puede pedir": "peticion",
    "me pueden pedir": "peticion",
    "pedir a su papa": "peticion",
    "pedir a su mama": "peticion",
    "pedir a sus papas": "peticion",
    "pedir a sus padres": "peticion",
    "pedir a mis papas": "peticion",
    "green carded": "greencard",
    "l a unified": "lausd",
    "la unified": "lausd",
    "los angeles unified": "lausd",
    # "Police or ICE" at the door (know-your-rights cards) is about agents at the door, whoever they
    # are, not about what the police may do on immigration.
    "police or ice": "ice",
    "ice or police": "ice",
    "police or immigration": "immigration",
    "policia o ice": "ice",
    "policia o la migra": "migra",
    "policia o inmigracion": "inmigracion",
    "policia o los agentes de inmigracion": "agentes de inmigracion",
    # Police by other names: local officers, not federal agents.
    "law enforcement": "police",
    "local authorities": "police",
    "local police": "police",
    "autoridades locales": "policia",
    "fuerzas del orden": "policia",
    # Being sent out of the country is deportation, however it is said.
    "send me back": "deport me",
    "sends me back": "deports me",
    "send us back": "deport us",
    "sent back": "deported",
    "sent away": "deported",
    "send them back": "deport them",
    "throw us out": "deport us",
    "kick us out": "deport us",
    "kicked out of the country": "deported",
    "me regresan a mi pais": "me deportan",
    "nos regresan a nuestro pais": "nos deportan",
    "me mandan de regreso": "me deportan",
    "nos mandan de regreso": "nos deportan",
    "me sacan del pais": "me deportan",
    "nos sacan del pais": "nos deportan",
    # The country, not a state ("estado" is California's state government to the index).
    "estados unidos": "usa",
    "united states": "usa",
    "ee uu": "usa",
    "eeuu": "usa",
    # An appointment to report to ICE is the person's own case.
    "check in with ice": "checkin",
    "check in with immigration": "checkin",
    "check in appointment": "checkin",
    "ice check in": "checkin",
    "cita con inmigracion": "checkin",
    "cita en inmigracion": "checkin",
    "cita con ice": "checkin",
    "cita con la migra": "checkin",
    "presentarme con ice": "checkin",
    "presentarme en inmigracion": "checkin",
    "presentarme ante inmigracion": "checkin",
    # Filming agents is not the city's records.
    "record the agents": "film the agents",
    "record ice": "film ice",
    "record agents": "film agents",
    "record them": "film them",
    "record a video": "film",
    "become a citizen": "citizenship",
    "become a us citizen": "citizenship",
    "become an american citizen": "citizenship",
    "hacerme ciudadano": "ciudadania",
    "hacerme ciudadana": "ciudadania",
    "hacerse ciudadano": "ciudadania",
    "legal representation": "lawyer",
    "representacion legal": "abogado",
    # "Is it legal to..." asks what is allowed, not for legal help.
    "is it legal": "is it allowed",
    "is that legal": "is that allowed",
    "is this legal": "is this allowed",
    "es legal": "esta permitido",
    "legally": "allowed",
    "legalmente": "permitido",
    # "Casar" is not a synonym (its stem is "casa"'s): its forms are spelt out.
    "casarme": "matrimonio",
    "casarse": "matrimonio",
    "casarnos": "matrimonio",
    # A legal guardian is a guardian (a family plan), not legal help.
    "legal guardian": "guardian",
    "tutor legal": "tutor",
    # The Border Patrol is CBP, not a police car ("la patrulla").
    "border patrol": "cbp",
    "patrulla fronteriza": "cbp",
    "come back": "return",
    "coming back": "return",
    "food stamps": "foodstamps",
    "cupones de comida": "foodstamps",
    "estampillas de comida": "foodstamps",
    # Working with false papers is a case for a lawyer, not a general answer.
    "made up social security number": "falsedocs",
    "fake social security number": "falsedocs",
    "false social security number": "falsedocs",
    "someone elses social security number": "falsedocs",
    "numero de seguro social falso": "falsedocs",
    "seguro social falso": "falsedocs",
    "fake papers": "falsedocs",
    "fake documents": "falsedocs",
    "false documents": "falsedocs",
    "papeles falsos": "falsedocs",
    "papeles chuecos": "falsedocs",
    "documentos falsos": "falsedocs",
    "salida voluntaria": "voluntarydeparture",
    "voluntary departure": "voluntarydeparture",
    "get out of": "exit",
    "step out of": "exit",
    # A jail's hold for ICE is the police-and-jails answer's topic, not a detention ("detained").
    "detainer": "icehold",
    "detainers": "icehold",
    "picked up": "detained",
    "picking up": "detained",
    "got picked up": "detained",
    "pulled over": "stopped",
    "pull me over": "stop me",
    "pulls me over": "stops me",
    "pulled me over": "stopped me",
    # Places outside California whose names have more than one word (ELSEWHERE).
    "new york city": "newyork",
    "new york": "newyork",
    "nueva york": "newyork",
    "new jersey": "newjersey",
    "nueva jersey": "newjersey",
    "new mexico": "newmexico",
    "nuevo mexico": "newmexico",
    "new hampshire": "newhampshire",
    "north carolina": "northcarolina",
    "carolina del norte": "northcarolina",
    "south carolina": "southcarolina",
    "carolina del sur": "southcarolina",
    "north dakota": "northdakota",
    "south dakota": "southdakota",
    "west virginia": "westvirginia",
    "rhode island": "rhodeisland",
    "san antonio": "sanantonio",
    "salt lake city": "saltlakecity",
    "las vegas": "lasvegas",
    "new orleans": "neworleans",
    "nueva orleans": "neworleans",
    # Places in California outside Los Angeles County (ELSEWHERE_IN_CALIFORNIA).
    "santa ana": "santaana",
    "orange county": "orangecounty",
    "condado de orange": "orangecounty",
    "san diego": "sandiego",
    "san francisco": "sanfrancisco",
    "san jose": "sanjose",
    "santa clara": "santaclara",
    "san bernardino": "sanbernardino",
    "santa barbara": "santabarbara",
    "santa cruz": "santacruz",
    "chula vista": "chulavista",
    "santa rosa": "santarosa",
    "palm springs": "palmsprings",
    "bay area": "bayarea",
    "area de la bahia": "bayarea",
    "inland empire": "inlandempire",
    "central valley": "centralvalley",
    "valle central": "centralvalley",
    "huntington beach": "huntingtonbeach",
    "costa mesa": "costamesa",
    "riverside county": "riversidecounty",
    "condado de riverside": "riversidecounty",
    "ventura county": "venturacounty",
    "condado de ventura": "venturacounty",
    # Carrying a green card is carrying one's papers (rights when stopped), not a residence case.
    "carry my green card": "carry my papers",
    "carry your green card": "carry your papers",
    "carry the green card": "carry the papers",
    "carry a green card": "carry papers",
    "carry green card": "carry papers",
    "carry their green card": "carry their papers",
    "carrying my green card": "carrying my papers",
    "carrying your green card": "carrying your papers",
    "carrying the green card": "carrying the papers",
    "carrying a green card": "carrying papers",
    "carrying green card": "carrying papers",
    "cargar mi green card": "cargar mis papeles",
    "cargar la green card": "cargar los papeles",
    "llevar mi green card": "llevar mis papeles",
    "llevar la green card": "llevar los papeles",
    "cargar mi tarjeta verde": "cargar mis papeles",
    "llevar mi tarjeta verde": "llevar mis papeles",
    "cargar mi mica": "cargar mis papeles",
    "llevar mi mica": "llevar mis papeles",
}

# Cross-language synonyms: every word of a group matches every other, in either language.
# The first English word names the group. Slang and colloquial words belong here too.
SYNONYMS: tuple[dict[str, tuple[str, ...]], ...] = (
    {"en": ("immigration", "ice", "migra"), "es": ("migra", "inmigracion", "migracion")},
    {"en": ("raid", "sweep"), "es": ("redada", "operativo", "razzia")},
    {"en": ("door",), "es": ("puerta",)},
    {"en": ("open",), "es": ("abrir", "abro", "abra", "abre", "abrimos")},
    {"en": ("lawyer", "attorney"), "es": ("abogado", "abogada")},
    {"en": ("documents", "papers", "paperwork", "proof"), "es": ("papeles", "documentos")},
    {"en": ("work", "job", "workplace"), "es": ("trabajo", "jale", "chamba", "empleo", "chambear")},
    {"en": ("home", "house", "apartment"), "es": ("casa", "hogar", "apartamento", "departamento")},
    {
        "en": ("police", "cops", "cop", "lapd", "sheriff", "sheriffs"),
        "es": ("policia", "chota", "policias", "poli", "polis"),
    },
    {"en": ("deport", "deportation", "deported"), "es": ("deportar", "deportacion", "deportado")},
    {
        "en": ("detained", "arrested", "detention"),
        "es": ("detenido", "arrestado", "detencion", "detuvo", "detuvieron", "detuve"),
    },
    {"en": ("warrant",), "es": ("orden",)},
    {"en": ("rights",), "es": ("derechos",)},
    {
        "en": ("school", "schools", "elementary", "kindergarten", "preschool"),
        "es": ("escuela", "escuelas", "colegio", "primaria", "secundaria", "kinder"),
    },
    {"en": ("family", "relative"), "es": ("familia", "familiar", "pariente")},
    {
        "en": ("children", "kids", "child", "kid", "son", "daughter"),
        "es": ("hijos", "ninos", "hijo", "hija", "nino", "chamacos"),
    },
    {"en": ("free",), "es": ("gratis", "gratuito", "gratuita")},
    {"en": ("help",), "es": ("ayuda", "ayudar")},
    {"en": ("city",), "es": ("ciudad",)},
    {"en": ("library", "libraries"), "es": ("biblioteca", "bibliotecas")},
    {"en": ("clinic", "clinics"), "es": ("clinica", "clinicas")},
    {"en": ("park", "parks"), "es": ("parque", "parques")},
    {"en": ("recreation",), "es": ("recreativo", "recreacion")},
    {"en": ("sanctuary",), "es": ("santuario",)},
    {"en": ("council",), "es": ("concejo", "cabildo")},
    # "ordenanza" is spelt "ordinance" first (EXPRESSIONS): its stem is "orden" (warrant)'s.
    {"en": ("ordinance",), "es": ("ordinance",)},
    {"en": ("report",), "es": ("reportar", "denunciar", "reporte")},
    {"en": ("silent", "silence"), "es": ("silencio", "callado", "callada")},
    {
        "en": ("threaten", "threatens", "threatened", "threatening"),
        "es": ("amenaza", "amenazo", "amenazan", "amenazando", "amenazar"),
    },
    # Not "pending": one letter from "spending", which typo correction would turn into it.
    {"en": ("stuck", "delayed"), "es": ("pendiente", "atorado", "atorada", "atrasado")},
    {"en": ("return", "returned", "reenter"), "es": ("regresar", "regrese", "regresen")},
    {
        "en": ("answer", "respond", "reply"),
        "es": ("contestar", "contesto", "conteste", "responder", "respondo", "responda"),
    },
    {"en": ("sign",), "es": ("firmar",)},
    {"en": ("employer", "boss"), "es": ("patron", "jefe", "empleador")},
    {
        "en": ("workers", "employees", "coworkers", "worker", "employee"),
        "es": ("trabajadores", "empleados", "companeros", "trabajador", "empleado"),
    },
    {"en": ("car", "truck", "vehicle"), "es": ("carro", "auto", "coche", "troca", "vehiculo")},
    {
        "en": ("alerts", "updates", "notifications", "notified"),
        "es": ("alertas", "avisos", "notificaciones", "actualizaciones", "novedades", "avisar"),
    },
    {"en": ("subscribe",), "es": ("suscribir", "suscribirme", "inscribirme")},
    {"en": ("deadline",), "es": ("plazo", "vencimiento")},
    {
        "en": ("reregister", "reregistration", "renew", "renewal"),
        "es": ("reinscripcion", "reinscribir", "renovar", "renovacion"),
    },
    {"en": ("apply", "application"), "es": ("aplicar", "solicitar", "solicitud")},
    {"en": ("fraud", "scam"), "es": ("fraude", "estafa")},
    {"en": ("notary", "notario"), "es": ("notario",)},
    {"en": ("status",), "es": ("estatus",)},
    {"en": ("agent", "agents", "officers"), "es": ("agente", "agentes")},
    {"en": ("court", "hearing"), "es": ("corte", "audiencia", "tribunal")},
    {"en": ("judge",), "es": ("juez",)},
    {"en": ("emergency",), "es": ("emergencia",)},
    {"en": ("federal",), "es": ("federal",)},
    {"en": ("students", "student"), "es": ("estudiantes", "estudiante", "alumnos")},
    {"en": ("records", "data"), "es": ("registros", "datos", "expediente")},
    {"en": ("phone", "number", "hotline"), "es": ("telefono", "numero", "linea")},
    {"en": ("money", "pay", "cash"), "es": ("dinero", "pagar", "feria", "lana", "efectivo")},
    {
        "en": ("cost", "costs", "fee", "fees", "price", "charge", "charges"),
        "es": word_tuple("costo cuesta cuestan precio cobrar cobra cobran tarifa fee"),
    },
    {
        "en": ("cheap", "cheaper", "affordable", "inexpensive"),
        "es": ("barato", "barata", "baratos", "economico", "economica", "accesible"),
    },
    {  # relatives by name, as people ask about them ("detuvieron a mi tía")
        "en": word_tuple(
            """husband wife spouse mom mother dad father brother sister cousin uncle aunt
            grandmother grandma grandfather grandpa"""
        ),
        "es": word_tuple(
            """esposo esposa marido mama madre papa padre hermano hermana primo prima tio tia
            abuela abuelo suegra suegro"""
        ),
    },
    {
        "en": ("protect", "protection", "protections", "protected"),
        "es": ("proteger", "proteccion", "protecciones", "protege", "protegido", "protegidos"),
    },
    {"en": ("ticket", "citation"), "es": ("multa", "infraccion", "ticket")},
    {"en": ("pool", "swimming", "swim"), "es": ("alberca", "piscina", "natacion", "nadar")},
    {"en": ("check", "verify"), "es": ("revisar", "verificar", "checar", "chequear")},
    {"en": ("policy", "policies"), "es": ("politica", "politicas")},
    {"en": ("fight", "resist", "oppose"), "es": ("pelear", "luchar", "resistir", "combatir")},
    {
        "en": word_tuple("drive driving drove driver"),
        "es": word_tuple("manejar manejando maneja manejo conducir conduzco conduciendo conductor"),
    },
    {"en": ("bail", "bond"), "es": ("fianza",)},
    {"en": ("ruling", "decision", "decided"), "es": ("fallo", "decision", "decidio")},
    {
        "en": word_tuple("cancel canceled cancelled terminate terminated termination end ended"),
        "es": word_tuple("cancelar cancelado cancelaron terminar terminado terminaron acabar"),
    },
    {
        "en": word_tuple("arrive arrives arrived comes came"),
        "es": word_tuple("llegar llega llegan llegaron venir viene vienen vinieron"),
    },
    {"en": ("see", "saw", "witness", "seeing"), "es": word_tuple("ver veo vi vemos testigo")},
    {
        "en": ("happen", "happens", "happened"),
        "es": word_tuple("pasar pasa pasara paso sucede sucedera ocurre ocurrira"),
    },
    {
        "en": ("find", "locate", "search"),
        "es": ("encontrar", "ubicar", "localizar", "buscar", "hallar"),
    },
    {
        "en": word_tuple("marry married marriage wedding"),
        "es": ("matrimonio", "boda"),  # not "casar": its stem is "casa"'s (house)
    },
    {
        "en": word_tuple(
            "travel traveling trip vacation honeymoon abroad fly flight flights airport"
        ),
        "es": word_tuple(
            "viajar viaje viajes vacaciones honeymoon extranjero volar vuelo aeropuerto"
        ),
    },
    {
        "en": ("citizenship", "naturalization", "naturalize"),
        "es": ("ciudadania", "naturalizacion", "naturalizarme", "naturalizarse"),
    },
    {"en": ("asylum", "asylee"), "es": ("asilo", "asilado")},
    {"en": ("residency", "resident", "residence"), "es": ("residencia", "residente")},
    {"en": ("taxes", "tax"), "es": ("impuestos", "taxes", "impuesto")},
    {"en": ("massive", "mass"), "es": ("masivas", "masiva", "masivo", "masivos")},
    {
        "en": ("prepare", "preparing", "prepared", "preparedness"),
        "es": ("preparar", "prepara", "preparo", "preparando", "preparados", "prepararse"),
    },
)
